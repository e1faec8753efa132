#!/usr/bin/env node
// `npm test`: install missing system packages, build, type-check, then run every mocha suite
// (unit, compiler conformance floor, scenarios, MariaDB integration, PHP plugin, browser).
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

try {
  run('bash', ['scripts/ensure-system-deps.sh']);
  run('npm', ['run', '--silent', 'build']);
  run('npm', ['run', '--silent', 'typecheck']);
  run(path.join(root, 'node_modules', '.bin', 'mocha'), process.argv.slice(2));
} catch (err) {
  process.exitCode = typeof err.status === 'number' && err.status !== 0 ? err.status : 1;
}

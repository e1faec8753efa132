#!/usr/bin/env node
// `npm run build`: the Rego Wasm runtime (AssemblyScript → dist/rego-runtime.wasm) and the
// SuiteCRM Module Loader zip (dist/sphere-suitecrm-<version>.zip). TypeScript runs through ts-node.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

function buildRegoRuntime() {
  const entry = path.join(root, 'connector/src/rego/runtime/assembly/index.ts');
  if (!fs.existsSync(entry)) return;
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  run(bin('asc'), [
    entry,
    '--outFile', path.join(root, 'dist/rego-runtime.wasm'),
    // the stub runtime: a bump allocator the SDK resets between evaluations; bulk memory for the linked plan segment
    '--importMemory', '--runtime', 'stub', '--use', 'abort=', '--enable', 'bulk-memory',
    '--optimizeLevel', '3', '--shrinkLevel', '0', '--noAssert',
  ]);
}

function buildPlugin() {
  if (!fs.existsSync(path.join(root, 'plugin/build/build-zip.ts'))) return;
  run('node', ['scripts/run-ts.js', 'plugin/build/build-zip.ts']);
}

buildRegoRuntime();
buildPlugin();

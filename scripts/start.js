#!/usr/bin/env node
// `npm start`: build if needed, then serve the connector on 127.0.0.1:$PORT with the embedded SQLite database
// (migrated on open), demo people seeded and the policies/ pack published, and print what to try.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { randomBytes } = require('node:crypto');
const { join } = require('node:path');

const root = join(__dirname, '..');
const stateDir = join(root, '.sphere');

if (!existsSync(join(root, 'dist', 'rego-runtime.wasm'))) {
  console.log('sphere: building (dist/rego-runtime.wasm is missing) …');
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.js')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

mkdirSync(stateDir, { recursive: true });
// A per-installation secret so the demo never runs with a well-known key; kept out of logs and git (.sphere/ is ignored).
const secretFile = join(stateDir, 'secret');
if (!process.env.SPHERE_SHARED_SECRET && !existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
const secret = process.env.SPHERE_SHARED_SECRET || readFileSync(secretFile, 'utf8').trim();

const env = {
  ...process.env,
  SPHERE_HOST: process.env.SPHERE_HOST || '127.0.0.1',
  SPHERE_PORT: process.env.PORT || process.env.SPHERE_PORT || '8080',
  SPHERE_DB: process.env.SPHERE_DB || `sqlite:${join(stateDir, 'sphere.sqlite')}`,
  SPHERE_SHARED_SECRET: secret,
  SPHERE_POLICY_DIR: process.env.SPHERE_POLICY_DIR || join(root, 'policies'),
  SPHERE_SEED_DEMO: process.env.SPHERE_SEED_DEMO || '1',
};

// run as an executable, so the Node options of its first line apply (see bin/sphere)
const child = spawn(join(root, 'bin', 'sphere'), ['serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
let announced = false;
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const match = /sphere: listening on (http:\/\/\S+)/.exec(chunk.toString());
  if (match && !announced) {
    announced = true;
    const url = match[1];
    console.log(`
Try it (requests are HMAC-signed by a tiny helper; the secret is in .sphere/secret):
  blocked save:  node scripts/signed-curl.js POST ${url}/v1/decisions examples/blocked-save.json
  allowed save:  node scripts/signed-curl.js POST ${url}/v1/decisions examples/allowed-save.json
  existing customer, advertising e-mail without consent (UWG §7(3)):
                 node scripts/signed-curl.js POST ${url}/v1/decisions examples/customer-mailing.json
    the same customer at an address that did not come from the sale:
                 node scripts/signed-curl.js POST ${url}/v1/decisions examples/customer-mailing-new-address.json
  privacy view:  node scripts/signed-curl.js GET ${url}/v1/persons/Leads/demo-bernd-bought-list/privacy
  DPO report:    node scripts/signed-curl.js GET ${url}/v1/reports/weekly      (or: bin/sphere report weekly)
  decision log:  node scripts/signed-curl.js GET ${url}/v1/log/decisions/<decision_id from an answer>   (or: bin/sphere log show <id>)
                 node scripts/signed-curl.js GET ${url}/v1/log/verify         (or: bin/sphere log verify)
  offline:       SPHERE_DB=sqlite:.sphere/sphere.sqlite bin/sphere decide --input examples/blocked-save.json
  health:        curl ${url}/readyz   metrics: curl ${url}/metrics
`);
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));

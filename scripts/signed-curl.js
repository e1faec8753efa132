#!/usr/bin/env node
// Sends one signed request to the connector (the HMAC headers SuiteCRM would add), e.g.
//   node scripts/signed-curl.js POST http://127.0.0.1:8080/v1/decisions examples/blocked-save.json
// The secret comes from SPHERE_SHARED_SECRET or .sphere/secret (written by `npm start`).
'use strict';
const { readFileSync, existsSync } = require('node:fs');
const { createHash, createHmac, randomBytes } = require('node:crypto');
const { join } = require('node:path');

const [method = 'GET', target, file] = process.argv.slice(2);
if (!target) {
  console.error('usage: node scripts/signed-curl.js METHOD URL [body.json]');
  process.exit(2);
}
const secretFile = join(__dirname, '..', '.sphere', 'secret');
const secret = process.env.SPHERE_SHARED_SECRET || (existsSync(secretFile) ? readFileSync(secretFile, 'utf8').trim() : '');
if (!secret) {
  console.error('no secret: set SPHERE_SHARED_SECRET or run `npm start` first');
  process.exit(2);
}
const body = file ? readFileSync(file) : Buffer.alloc(0);
const url = new URL(target);
const timestamp = String(Math.floor(Date.now() / 1000));
const nonce = randomBytes(16).toString('hex');
const canonical = [method.toUpperCase(), url.pathname + url.search, timestamp, nonce, createHash('sha256').update(body).digest('hex')].join('\n');
const signature = 'v1=' + createHmac('sha256', secret).update(canonical).digest('hex');

fetch(url, {
  method: method.toUpperCase(),
  headers: { 'Content-Type': 'application/json', 'X-Sphere-Timestamp': timestamp, 'X-Sphere-Nonce': nonce, 'X-Sphere-Signature': signature },
  body: file ? body : undefined,
}).then(async (res) => {
  const text = await res.text();
  try { console.log(JSON.stringify(JSON.parse(text), null, 2)); } catch { console.log(text); }
  if (!res.ok) process.exitCode = 1;
}, (err) => { console.error(`request failed: ${err.message}`); process.exitCode = 1; });

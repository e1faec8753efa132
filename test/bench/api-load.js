// Load generator for api.bench.ts, run as a separate process so the connector and the load do not share an event loop.
// Every request is signed with a fresh nonce in setupRequest: the production replay protection stays on during the bench.
'use strict';
const autocannon = require('autocannon');
const { createHash, createHmac, randomBytes } = require('node:crypto');

const [url, secret, connections, seconds] = process.argv.slice(2);
const path = '/v1/decisions';
const body = JSON.stringify({
  event: 'record.save', module: 'Contacts', record_id: 'bench-1', record: { last_name: 'Bench', email1: 'b@example.org' },
  changes: { email1: { before: null, after: 'b@example.org' } }, actor: { user_id: '1', roles: ['sales'] }, channel: 'ui',
});
const bodyHash = createHash('sha256').update(body).digest('hex');

autocannon({
  url: url + path,
  connections: Number(connections),
  duration: Number(seconds),
  requests: [{
    method: 'POST',
    setupRequest: (req) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(16).toString('hex');
      const signature = 'v1=' + createHmac('sha256', secret).update(`POST\n${path}\n${timestamp}\n${nonce}\n${bodyHash}`).digest('hex');
      return { ...req, body, headers: { 'content-type': 'application/json', 'x-sphere-timestamp': timestamp, 'x-sphere-nonce': nonce, 'x-sphere-signature': signature } };
    },
  }],
}, (err, result) => {
  if (err) { console.error(err.message); process.exit(1); }
  process.stdout.write(JSON.stringify({ p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, non2xx: result.non2xx, errors: result.errors }));
});

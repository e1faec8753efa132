// Load generator for api.bench.ts, run as a separate process so the connector and the load do not share an event loop.
// Every request is signed with a fresh nonce: the production replay protection stays on during the bench.
// One connection is timed request by request with process.hrtime (µs resolution); autocannon, which drives many
// connections best, keeps whole milliseconds in its latency histogram, so a 1.4 ms median would read "1 ms" there.
'use strict';
const http = require('node:http');
const autocannon = require('autocannon');
const { createHash, createHmac, randomBytes } = require('node:crypto');

const [url, secret, connections, seconds] = process.argv.slice(2);
const path = '/v1/decisions';
const body = JSON.stringify({
  event: 'record.save', module: 'Contacts', record_id: 'bench-1', record: { last_name: 'Bench', email1: 'b@example.org' },
  changes: { email1: { before: null, after: 'b@example.org' } }, actor: { user_id: '1', roles: ['sales'] }, channel: 'ui',
});
const bodyHash = createHash('sha256').update(body).digest('hex');

function signedHeaders() {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const signature = 'v1=' + createHmac('sha256', secret).update(`POST\n${path}\n${timestamp}\n${nonce}\n${bodyHash}`).digest('hex');
  return { 'content-type': 'application/json', 'x-sphere-timestamp': timestamp, 'x-sphere-nonce': nonce, 'x-sphere-signature': signature };
}

const report = (result) => process.stdout.write(JSON.stringify(result));

/** Sequential requests on one keep-alive connection for `seconds`; latencies in ms with fractions. */
async function oneConnection() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(url + path);
  const post = () => new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request(target, { method: 'POST', agent, headers: signedHeaders() }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on('error', reject);
    req.end(body);
  });
  const latencies = [];
  let non2xx = 0;
  let errors = 0;
  const end = Date.now() + Number(seconds) * 1000;
  while (Date.now() < end) {
    try {
      const { status, ms } = await post();
      if (status >= 200 && status < 300) latencies.push(ms);
      else non2xx += 1;
    } catch {
      errors += 1;
    }
  }
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const percentile = (q) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : NaN;
  report({ p50: percentile(0.5), p99: percentile(0.99), rps: latencies.length / Number(seconds), non2xx, errors });
}

function manyConnections() {
  autocannon({
    url: url + path,
    connections: Number(connections),
    duration: Number(seconds),
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body, headers: signedHeaders() }) }],
  }, (err, result) => {
    if (err) { console.error(err.message); process.exit(1); }
    report({ p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, non2xx: result.non2xx, errors: result.errors });
  });
}

if (Number(connections) === 1) oneConnection().catch((err) => { console.error(err.message); process.exit(1); });
else manyConnections();

// Load generator for api.bench.ts, run as a separate process so the connector and the load do not share an event loop.
// Every request is signed with a fresh nonce: the production replay protection stays on during the bench.
// Three modes: one connection timed request by request with process.hrtime (µs resolution); many connections as fast
// as the server answers (autocannon, for throughput: its latency histogram keeps whole milliseconds); and many
// connections at a fixed total rate, timed in µs from when each request was due (see atRate).
'use strict';
const http = require('node:http');
const autocannon = require('autocannon');
const { createHash, createHmac, randomBytes } = require('node:crypto');

const [url, secret, connections, seconds, rate] = process.argv.slice(2);
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

const target = new URL(url + path);

/** One signed POST on the agent's keep-alive connection; resolves with the status once the answer is read. */
const post = (agent) => new Promise((resolve, reject) => {
  const req = http.request(target, { method: 'POST', agent, headers: signedHeaders() }, (res) => {
    res.resume();
    res.on('end', () => resolve(res.statusCode));
  });
  req.on('error', reject);
  req.end(body);
});

/** Latencies (ms) of the 2xx answers, counts of the others; percentiles of the sorted latencies. */
function tally() {
  const latencies = [];
  const counts = { non2xx: 0, errors: 0 };
  return {
    async time(agent, since) {
      try {
        const status = await post(agent);
        if (status >= 200 && status < 300) latencies.push(Number(process.hrtime.bigint() - since) / 1e6);
        else counts.non2xx += 1;
      } catch {
        counts.errors += 1;
      }
    },
    report() {
      latencies.sort((a, b) => a - b);
      const percentile = (q) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : NaN;
      report({ p50: percentile(0.5), p99: percentile(0.99), rps: latencies.length / Number(seconds), ...counts });
    },
  };
}

/** Sequential requests on one keep-alive connection for `seconds`; latencies in ms with fractions. */
async function oneConnection() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const results = tally();
  const end = Date.now() + Number(seconds) * 1000;
  while (Date.now() < end) await results.time(agent, process.hrtime.bigint());
  agent.destroy();
  results.report();
}

/**
 * `connections` keep-alive connections sending `rate` requests/s in all, evenly spaced, for `seconds`. A request that
 * could not be sent when due because its connection still waited for an answer is timed from when it was due: a
 * server that falls behind is charged for the whole wait (no coordinated omission), as in wrk2.
 */
async function atRate() {
  const n = Number(connections);
  const interval = (BigInt(n) * 1_000_000_000n) / BigInt(Math.round(Number(rate)));
  const start = process.hrtime.bigint();
  const end = start + BigInt(Number(seconds) * 1e9);
  const results = tally();
  const sleepUntil = (t) => new Promise((resolve) => {
    const ms = Number(t - process.hrtime.bigint()) / 1e6;
    if (ms > 0) setTimeout(resolve, ms);
    else setImmediate(resolve);
  });
  await Promise.all(Array.from({ length: n }, async (_, i) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let answered = start; // when this connection's previous answer arrived
    // the connections take turns, so the requests arrive evenly spaced rather than n at a time
    // ends on time even when the server falls behind: the requests still due then are not sent
    for (let due = start + (interval * BigInt(i)) / BigInt(n); due < end && process.hrtime.bigint() < end; due += interval) {
      await sleepUntil(due);
      // Sent late because the previous answer came late: the server's delay, timed from when it was due. Sent late
      // because a timer fires at whole milliseconds: the generator's, timed from now.
      await results.time(agent, answered > due ? due : process.hrtime.bigint());
      answered = process.hrtime.bigint();
    }
    agent.destroy();
  }));
  results.report();
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

const fail = (err) => { console.error(err.message); process.exit(1); };
if (rate) atRate().catch(fail);
else if (Number(connections) === 1) oneConnection().catch(fail);
else manyConnections();

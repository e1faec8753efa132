// Load generator for api.bench.ts, run as a separate process so the connector and the load do not share an event loop.
// Every request is signed with a fresh nonce: the production replay protection stays on during the bench.
// Three modes: one connection timed request by request with process.hrtime (µs resolution); many connections as fast
// as the server answers (autocannon, for throughput: its latency histogram keeps whole milliseconds); and many
// connections at a fixed total rate, timed in µs from when each request was due (see atRate).
// The timed modes send each request as one prepared buffer on a raw keep-alive socket and read the answer by its
// Content-Length, as autocannon and wrk do: on a 2-core machine that the generator shares with the connector, Node's
// HTTP client (its parser, its garbage, its share of the CPU) added ~0.2 ms to the one-connection median in alternating
// runs, which is the generator's cost, not the connector's. Requests are signed before the clock starts, for the same
// reason; their timestamps stay well inside the connector's ±5-minute window.
'use strict';
const net = require('node:net');
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

/** `count` complete signed requests (head and body in one buffer), each with its own nonce. */
function preparedRequests(count) {
  const requests = [];
  for (let i = 0; i < count; i += 1) {
    const headers = Object.entries(signedHeaders()).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    requests.push(Buffer.from(`POST ${path} HTTP/1.1\r\nhost: ${target.host}\r\n${headers}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`));
  }
  let next = 0;
  return () => {
    if (next === requests.length) throw new Error(`the ${count} prepared requests ran out; prepare more`);
    return requests[next++];
  };
}

/**
 * A keep-alive connection that sends one request at a time; send() resolves with the answer's status once its whole
 * body (Content-Length; the connector always sends one) has arrived.
 */
async function connection() {
  const socket = net.connect(Number(target.port), target.hostname);
  socket.setNoDelay(true);
  await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  let buffered = Buffer.alloc(0);
  let waiting = null;
  const fail = (err) => { if (waiting) { const { reject } = waiting; waiting = null; reject(err); } };
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('the connector closed the connection')));
  socket.on('data', (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    const headEnd = buffered.indexOf('\r\n\r\n');
    if (headEnd < 0 || !waiting) return;
    const head = buffered.toString('latin1', 0, headEnd);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!length) { fail(new Error(`answer without Content-Length: ${head.split('\r\n')[0]}`)); return; }
    const end = headEnd + 4 + Number(length[1]);
    if (buffered.length < end) return;
    buffered = buffered.subarray(end);
    const { resolve } = waiting;
    waiting = null;
    resolve(Number(head.slice(9, 12)));
  });
  return {
    send(request) {
      if (socket.destroyed) return Promise.reject(new Error('the connection is closed'));
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        socket.write(request);
      });
    },
    close() { socket.destroy(); },
  };
}

/** Latencies (ms) of the 2xx answers, counts of the others; percentiles of the sorted latencies. */
function tally() {
  const latencies = [];
  const counts = { non2xx: 0, errors: 0 };
  return {
    /** Sends `request` and times its answer from `since`; false when the connection failed (it is not used again). */
    async time(conn, request, since) {
      try {
        const status = await conn.send(request);
        if (status >= 200 && status < 300) latencies.push(Number(process.hrtime.bigint() - since) / 1e6);
        else counts.non2xx += 1;
        return true;
      } catch {
        counts.errors += 1;
        return false;
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
  // 6,000 a second: several times what one connection is answered at on the machines seen (~1,600/s at most so far)
  const nextRequest = preparedRequests(Number(seconds) * 6000);
  const conn = await connection();
  const results = tally();
  const end = Date.now() + Number(seconds) * 1000;
  while (Date.now() < end) {
    const request = nextRequest();
    if (!(await results.time(conn, request, process.hrtime.bigint()))) break;
  }
  conn.close();
  results.report();
}

/**
 * `connections` keep-alive connections sending `rate` requests/s in all, evenly spaced, for `seconds`. A request that
 * could not be sent when due because its connection still waited for an answer is timed from when it was due: a
 * server that falls behind is charged for the whole wait (no coordinated omission), as in wrk2.
 */
async function atRate() {
  const n = Number(connections);
  const nextRequest = preparedRequests(Math.ceil(Number(rate) * Number(seconds)) + n);
  const conns = await Promise.all(Array.from({ length: n }, () => connection()));
  const interval = (BigInt(n) * 1_000_000_000n) / BigInt(Math.round(Number(rate)));
  const start = process.hrtime.bigint();
  const end = start + BigInt(Number(seconds) * 1e9);
  const results = tally();
  const sleepUntil = (t) => new Promise((resolve) => {
    const ms = Number(t - process.hrtime.bigint()) / 1e6;
    if (ms > 0) setTimeout(resolve, ms);
    else setImmediate(resolve);
  });
  await Promise.all(conns.map(async (conn, i) => {
    let answered = start; // when this connection's previous answer arrived
    // the connections take turns, so the requests arrive evenly spaced rather than n at a time
    // ends on time even when the server falls behind: the requests still due then are not sent
    for (let due = start + (interval * BigInt(i)) / BigInt(n); due < end && process.hrtime.bigint() < end; due += interval) {
      await sleepUntil(due);
      // Sent late because the previous answer came late: the server's delay, timed from when it was due. Sent late
      // because a timer fires at whole milliseconds: the generator's, timed from now.
      if (!(await results.time(conn, nextRequest(), answered > due ? due : process.hrtime.bigint()))) break;
      answered = process.hrtime.bigint();
    }
    conn.close();
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

// Connector API over real HTTP on loopback with the real policies/ pack, load from a second process: single decisions
// (one connection timed request by request for latency; autocannon with 32 for throughput, and 32 at a quarter of that
// throughput for latency under concurrent load that the connector keeps up with), batch decisions per second
// and a 100,000-recipient mailing.plan, each printed beside its budget. Beside the 32-connection figures the same load
// generator measures an empty HTTP server on this machine: what no server can undercut here.
import { execFile, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { signRequest } from '../../connector/src/security/hmac';
import { startConnector, type RunningConnector } from '../support/connector';

const line = (label: string, value: string, budget: string, ok: boolean): void => {
  console.log(`${label.padEnd(46)} ${value.padStart(16)}   budget ${budget.padEnd(14)} ${ok ? 'ok' : 'OVER BUDGET'}`);
};

interface Load { p50: number; p99: number; rps: number; non2xx: number; errors: number }

/** `rate`: requests per second in all, sent evenly spaced; without it each connection sends as fast as it is answered. */
async function load(url: string, secret: string, connections: number, seconds = 10, rate?: number): Promise<Load> {
  const args = [join(__dirname, 'api-load.js'), url, secret, String(connections), String(seconds), ...(rate ? [String(rate)] : [])];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 20 });
  const result = JSON.parse(stdout) as Load;
  // Latencies of refused requests would measure the refusal, not a decision.
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors with ${connections} connection(s): the figures would not be decisions`);
  return result;
}

/** An HTTP server that reads each request and answers a constant, in its own process: the floor of the machine. */
async function emptyServerLoad(connections: number): Promise<Load> {
  const server = spawn(process.execPath, ['-e', `
    const s = require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.setHeader('content-type', 'application/json'); res.end('{"outcome":"allow"}'); }); });
    s.listen(0, '127.0.0.1', () => console.log(s.address().port));
    process.on('SIGTERM', () => process.exit(0));`], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<string>((resolve) => server.stdout.once('data', (c: Buffer) => resolve(c.toString().trim())));
    return await load(`http://127.0.0.1:${port}`, 'unused', connections);
  } finally {
    server.kill('SIGTERM');
  }
}

/** CPU seconds used so far by each thread of a process (Linux /proc; empty elsewhere). */
function threadCpu(pid: number): Map<string, number> {
  const cpu = new Map<string, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      cpu.set(tid, (Number(fields[11]) + Number(fields[12])) / 100); // utime + stime, in clock ticks of 1/100 s
    }
  } catch { /* not Linux: no CPU split */ }
  return cpu;
}

/** Posts one signed batch; only the status is read (a load generator, not a client that uses the answers). */
async function postBatch(c: RunningConnector, body: Buffer): Promise<void> {
  const path = '/v1/decisions/batch';
  const res = await fetch(c.url + path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...signRequest(c.secret, 'POST', path, body) }, body: new Uint8Array(body) });
  const answer = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`batch failed: ${res.status} ${Buffer.from(answer).toString('utf8', 0, 200)}`);
}

export async function run(): Promise<void> {
  const c = await startConnector({ policyDir: join(__dirname, '..', '..', 'policies'), env: { SPHERE_LOG_LEVEL: 'error' } });
  try {
    // steady state: the first seconds after start also JIT-compile the request path
    await load(c.url, c.secret, 1, 3);
    const one = await load(c.url, c.secret, 1);
    line('single decision p50 (1 connection)', `${one.p50.toFixed(2)} ms`, '≤ 1 ms', one.p50 <= 1);
    line('single decision p99 (1 connection)', `${one.p99.toFixed(2)} ms`, '≤ 5 ms', one.p99 <= 5);
    const many = await load(c.url, c.secret, 32);
    line('single decision throughput (32 connections)', `${Math.round(many.rps)} req/s`, '(reported)', true);
    // Saturated, a request waits for the 31 ahead of it: p50 ≈ 32 ÷ throughput (Little's law).
    line('  saturated: p50 (whole ms, autocannon)', `${many.p50} ms`, '≤ 1 ms', many.p50 <= 1);
    line('  saturated: p99 (whole ms, autocannon)', `${many.p99} ms`, '≤ 5 ms', many.p99 <= 5);
    const rate = Math.round(many.rps / 4);
    const quarter = await load(c.url, c.secret, 32, 10, rate);
    line(`  at a quarter of it (${rate} req/s): p50`, `${quarter.p50.toFixed(2)} ms`, '≤ 1 ms', quarter.p50 <= 1);
    line(`  at a quarter of it (${rate} req/s): p99`, `${quarter.p99.toFixed(2)} ms`, '≤ 5 ms', quarter.p99 <= 5);
    const floor = await emptyServerLoad(32);
    line('  floor: empty HTTP server, 32 conn., p50/p99', `${floor.p50} / ${floor.p99} ms`, '(reported)', true);
    line('  floor: empty HTTP server, 32 conn.', `${Math.round(floor.rps)} req/s`, '(reported)', true);

    const events = Array.from({ length: 10_000 }, (_, i) => ({ event: 'record.import', module: 'Leads', record_id: `bench-${i % 500}`, record: { last_name: 'Row' }, channel: 'import' }));
    const body = Buffer.from(JSON.stringify({ events }));
    // the first batch starts the decision workers' JIT; its answer is checked in full
    const first = await c.request('POST', '/v1/decisions/batch', body.toString('utf8'));
    if (first.status !== 200 || first.json?.decisions?.length !== events.length) throw new Error(`batch failed: ${first.status} ${first.text.slice(0, 200)}`);
    const rounds = 3;
    const cpuBefore = threadCpu(c.pid);
    const started = process.hrtime.bigint();
    for (let i = 0; i < rounds; i += 1) await postBatch(c, body);
    const batchSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpuAfter = threadCpu(c.pid);
    const perSecond = Math.round((rounds * events.length) / batchSeconds);
    line('batch decisions (3 × 10,000)', `${perSecond}/s`, '≥ 20,000/s', perSecond >= 20_000);
    if (cpuAfter.size > 0) {
      const perDecision = (seconds: number): string => `${Math.round((seconds * 1e6) / (rounds * events.length))} µs`;
      let main = 0;
      let others = 0;
      for (const [tid, after] of cpuAfter) {
        const used = after - (cpuBefore.get(tid) ?? 0);
        if (tid === String(c.pid)) main += used;
        else others += used;
      }
      line('  CPU per batch decision: main thread', perDecision(main), '(reported)', true);
      line('  CPU per batch decision: other threads', perDecision(others), '(reported)', true);
    }

    const recipients = Array.from({ length: 100_000 }, (_, i) => ({ module: 'Contacts', id: `r${i}` }));
    const planStart = process.hrtime.bigint();
    const plan = await c.request('POST', '/v1/decisions', { event: 'mailing.plan', module: 'Contacts', campaign: { id: 'bench', channel: 'email', content_type: 'advertising', audience: 'one_to_many' }, recipients });
    const planSeconds = Number(process.hrtime.bigint() - planStart) / 1e9;
    if (plan.status !== 200) throw new Error(`mailing.plan failed: ${plan.status} ${plan.text.slice(0, 200)}`);
    line('mailing.plan, 100,000 recipients', `${planSeconds.toFixed(2)} s`, '≤ 10 s', planSeconds <= 10);
  } finally {
    await c.stop();
  }
}

// Also runnable on its own: node scripts/run-ts.js test/bench/api.bench.ts
// (scripts/run-ts.js loads the file with require(), so require.main is the runner; argv[1] names the file.)
if (require.main === module || process.argv[1] === __filename) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}

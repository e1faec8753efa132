// Connector API over real HTTP on loopback with the real policies/ pack: single decisions (autocannon from a
// second process; one connection for latency, 32 for throughput), batch decisions per second and a
// 100,000-recipient mailing.plan, each printed beside its budget.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startConnector } from '../support/connector';

const line = (label: string, value: string, budget: string, ok: boolean): void => {
  console.log(`${label.padEnd(38)} ${value.padStart(14)}   budget ${budget.padEnd(14)} ${ok ? 'ok' : 'OVER BUDGET'}`);
};

export async function run(): Promise<void> {
  const c = await startConnector({ policyDir: join(__dirname, '..', '..', 'policies'), env: { SPHERE_LOG_LEVEL: 'error' } });
  try {
    const load = async (connections: number, seconds = 10) => {
      const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, 'api-load.js'), c.url, c.secret, String(connections), String(seconds)], { maxBuffer: 1 << 20 });
      const result = JSON.parse(stdout) as { p50: number; p99: number; rps: number; non2xx: number; errors: number };
      if (result.non2xx > 0 || result.errors > 0) console.log(`warning: ${result.non2xx} non-2xx answers and ${result.errors} errors with ${connections} connection(s)`);
      return result;
    };
    // steady state: the first seconds after start also JIT-compile the request path and start the batch workers
    await load(1, 3);
    const one = await load(1);
    line('single decision p50 (1 connection)', `${one.p50} ms`, '≤ 1 ms', one.p50 <= 1);
    line('single decision p99 (1 connection)', `${one.p99} ms`, '≤ 5 ms', one.p99 <= 5);
    const many = await load(32);
    line('single decision p50 (32 connections)', `${many.p50} ms`, '≤ 1 ms', many.p50 <= 1);
    line('single decision p99 (32 connections)', `${many.p99} ms`, '≤ 5 ms', many.p99 <= 5);
    line('single decision throughput (32 connections)', `${Math.round(many.rps)} req/s`, '(reported)', true);

    const events = Array.from({ length: 10_000 }, (_, i) => ({ event: 'record.import', module: 'Leads', record_id: `bench-${i % 500}`, record: { last_name: 'Row' }, channel: 'import' }));
    const rounds = 3;
    const started = process.hrtime.bigint();
    for (let i = 0; i < rounds; i += 1) {
      const res = await c.request('POST', '/v1/decisions/batch', { events });
      if (res.status !== 200) throw new Error(`batch failed: ${res.status} ${res.text.slice(0, 200)}`);
    }
    const batchSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const perSecond = Math.round((rounds * events.length) / batchSeconds);
    line('batch decisions (3 × 10,000)', `${perSecond}/s`, '≥ 20,000/s', perSecond >= 20_000);

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

// The weekly report by e-mail over real SMTP (an smtp-server on a loopback port), through the workflow, the CLI and the
// Monday schedule; the schedule's clock is a test clock, so "next Monday 06:00" and the hourly retry need no waiting.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { BACKENDS } from '../store/backends';
import { packEngine } from '../support/pack-engine';
import { repoRoot } from '../support/connector';
import { createLogger } from '../../connector/src/logging';
import type { PolicyEngine } from '../../connector/src/engine/policy-engine';
import { loadConfig } from '../../connector/src/config';
import { parseIsoWeek, type IsoWeek } from '../../connector/src/report/iso-week';
import { scheduleFromConfig, sendWeeklyReport } from '../../connector/src/report/delivery';
import { WeeklyReportSchedule, type ScheduleClock } from '../../connector/src/report/schedule';
import { withoutSecrets } from '../../connector/src/report/mailer';

const PASSWORD = 'S3cret-pa55%word'; // written %25 in the URL
const W48 = parseIsoWeek('2026-W48');
const NOW = new Date('2026-12-02T07:00:00.000Z');

interface Received { from: string; to: string[]; raw: string }
interface Smtp { port: number; url: string; messages: Received[]; refuseLogins: boolean; close(): Promise<void> }

/** A real SMTP server on 127.0.0.1 (plain, AUTH allowed without TLS) that keeps what it receives. */
async function startSmtp(): Promise<Smtp> {
  const messages: Received[] = [];
  const state = { refuseLogins: false };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'], allowInsecureAuth: true, logger: false,
    onAuth(auth, _session, callback) {
      // A careless server quotes the credentials it refused: the connector must still never print or log the password.
      if (state.refuseLogins || auth.password !== PASSWORD) callback(new Error(`Invalid username or password (${auth.username}:${auth.password})`));
      else callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const envelope = session.envelope;
        messages.push({ from: envelope.mailFrom ? envelope.mailFrom.address : '', to: envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const smtp: Smtp = {
    port, url: `smtp://dpo-mailer:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`, messages,
    get refuseLogins() { return state.refuseLogins; },
    set refuseLogins(v: boolean) { state.refuseLogins = v; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return smtp;
}

/** The message's text as read: quoted-printable soft breaks joined and =XX bytes decoded (headers stay readable). */
function decoded(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  return Buffer.from(joined.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
}

/** Lets the schedule's start-up check (a database read) finish; with `until`, waits for what it should lead to. */
async function settled(until: () => boolean = () => false): Promise<void> {
  for (let i = 0; i < 200 && !until(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** A clock the test moves: timers are collected and fired by hand, each firing awaited. */
class TestClock implements ScheduleClock {
  timers: Array<{ at: number; task: () => Promise<void>; cancelled: boolean }> = [];
  constructor(private t: number) {}
  now(): Date { return new Date(this.t); }
  setTimer(task: () => Promise<void>, ms: number): { cancel(): void } {
    const timer = { at: this.t + ms, task, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => { timer.cancelled = true; } };
  }
  pending() { return this.timers.filter((t) => !t.cancelled); }
  /** Moves to the one pending timer's time and runs it to the end. */
  async fire(): Promise<void> {
    const pending = this.pending();
    assert.equal(pending.length, 1, 'exactly one planned run');
    const timer = pending[0]!;
    timer.cancelled = true;
    this.t = timer.at;
    await timer.task();
  }
}

function memoryLog(): { log: ReturnType<typeof createLogger>; lines: () => Array<Record<string, unknown>>; text: () => string } {
  let out = '';
  const sink = new Writable({ write(chunk: Buffer, _enc, cb) { out += chunk.toString(); cb(); } });
  return { log: createLogger('info', sink), text: () => out, lines: () => out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('weekly report schedule (test clock)', () => {
  it('plans next Monday 06:00 UTC for the week just ended, retries hourly after a failure, then plans the following Monday', async () => {
    const clock = new TestClock(Date.parse('2026-12-02T07:00:00.000Z'));
    const sent: string[] = [];
    let failures = 2;
    const { log, lines } = memoryLog();
    const schedule = new WeeklyReportSchedule(async (week: IsoWeek) => {
      if (failures-- > 0) throw new Error('connection refused');
      sent.push(week.label);
    }, log, clock);
    schedule.start();
    assert.equal(schedule.next?.at.toISOString(), '2026-12-07T06:00:00.000Z');
    assert.equal(schedule.next?.week.label, '2026-W49');
    await clock.fire();
    assert.deepEqual([schedule.next?.at.toISOString(), schedule.next?.week.label, schedule.next?.retry], ['2026-12-07T07:00:00.000Z', '2026-W49', true]);
    await clock.fire();
    assert.equal(schedule.next?.at.toISOString(), '2026-12-07T08:00:00.000Z');
    await clock.fire();
    assert.deepEqual(sent, ['2026-W49']);
    assert.deepEqual([schedule.next?.at.toISOString(), schedule.next?.week.label, schedule.next?.retry], ['2026-12-14T06:00:00.000Z', '2026-W50', false]);
    assert.deepEqual(lines().map((l) => l.msg), ['weekly DPO report scheduled', 'weekly DPO report not sent; retrying', 'weekly DPO report not sent; retrying', 'weekly DPO report sent']);
    schedule.stop();
    assert.equal(schedule.next, null);
    assert.equal(clock.pending().length, 0, 'stop cancels the timer');
  });

  it('gives a week up when the next Monday\'s run is due, and stays stopped after stop()', async () => {
    const clock = new TestClock(Date.parse('2026-12-14T05:30:00.000Z'));
    const { log, lines } = memoryLog();
    const tried: string[] = [];
    const schedule = new WeeklyReportSchedule(async (week) => { tried.push(week.label); throw new Error('down'); }, log, clock);
    schedule.start();
    assert.equal(schedule.next?.at.toISOString(), '2026-12-14T06:00:00.000Z');
    await clock.fire();
    for (let i = 0; i < 166; i += 1) await clock.fire(); // hourly until Monday 2026-12-21 04:00
    assert.equal(schedule.next?.at.toISOString(), '2026-12-21T05:00:00.000Z');
    assert.equal(schedule.next?.week.label, '2026-W50');
    await clock.fire(); // the last retry: the next would be at the regular run's time
    assert.deepEqual([schedule.next?.at.toISOString(), schedule.next?.week.label], ['2026-12-21T06:00:00.000Z', '2026-W51']);
    assert.match(String(lines().at(-1)?.msg), /giving up on this week/);
    assert.equal(new Set(tried).size, 1);
    schedule.stop();
    schedule.stop();
    assert.equal(clock.pending().length, 0);
  });
});

describe('weekly report by e-mail over real SMTP', function () {
  this.timeout(180_000);
  const sqlite = BACKENDS[0];
  let ctx: Awaited<ReturnType<typeof sqlite.fresh>>;
  let engine: PolicyEngine;
  let smtp: Smtp;
  const to = ['dpo@example.test', 'privacy@example.test'];

  before(async () => {
    engine = await packEngine();
    ctx = await sqlite.fresh();
    smtp = await startSmtp();
    await ctx.store.provenance.add({ person_module: 'Contacts', person_id: 'late-1', field: 'email1', source_type: 'purchased_list', collected_at: '2026-10-01T00:00:00.000Z' });
    await ctx.store.decisions.appendMany(['deny', 'deny', 'allow'].map((outcome, i) => ({
      id: `00000000-0000-4000-b000-00000000000${i}`, at: `2026-11-2${4 + i}T10:00:00.000Z`, event: 'record.save', module: 'Contacts', recordId: `r${i}`,
      outcome, rules: outcome === 'deny' ? ['email.no_consent'] : [], revision: 'pack', input: {}, decision: { dry_run: false, outcome }, actorId: null,
    })));
    await ctx.store.consents.add({ person_module: 'Contacts', person_id: 'c1', purpose: 'profiling', channel: 'any', status: 'objected', created_at: '2026-11-25T00:00:00.000Z' });
  });
  after(async () => {
    await smtp?.close();
    await ctx?.dispose();
  });
  beforeEach(() => {
    smtp.messages.length = 0;
    smtp.refuseLogins = false;
  });

  it('mails the report: recipients, subject, German then English, the week\'s counts', async () => {
    const result = await sendWeeklyReport({ store: ctx.store, engine }, W48, { smtpUrl: smtp.url, from: 'sphere@example.test', to }, NOW);
    assert.deepEqual(result.accepted, to);
    assert.equal(smtp.messages.length, 1);
    const [message] = smtp.messages;
    assert.deepEqual(message!.to, to);
    assert.equal(message!.from, 'sphere@example.test');
    const body = decoded(message!.raw);
    assert.match(body, /^Subject: Sphere Datenschutz-Wochenbericht \/ weekly privacy report 2026-W48$/m);
    assert.match(body, /Content-Type: text\/plain/);
    assert.match(body, /Content-Type: text\/html/);
    assert.ok(body.indexOf('Datenschutz-Wochenbericht 2026-W48') < body.indexOf('Weekly privacy report 2026-W48'));
    assert.match(body, /Gesamt:\s+3/);
    assert.match(body, /Total:\s+3/);
    assert.match(body, /email\.no_consent\s+2/);
    assert.match(body, /Widersprüche: 1/);
    assert.match(body, /Objections: 1/);
    assert.match(body, /Überfällig:\s+1/);
    assert.match(body, /Overdue:\s+1/);
    assert.match(body, /Contacts\s+late-1\s+2026-10-31\s+email1/);
  });

  it('`sphere report weekly --send` prints and mails it; a refused login fails with the password nowhere', async () => {
    const env = { ...process.env, SPHERE_REPORT_TO: to.join(', '), SPHERE_SMTP_URL: smtp.url, SPHERE_REPORT_FROM: 'sphere@example.test', SPHERE_LOG_LEVEL: 'warn' };
    const cli = (args: string[]) => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [join(repoRoot, 'bin', 'sphere'), 'report', 'weekly', ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
      child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
    const db = `sqlite:${(ctx.config as { file: string }).file}`;
    const ok = await cli(['--week', '2026-W48', '--db', db, '--send']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^Datenschutz-Wochenbericht 2026-W48/);
    assert.match(ok.stdout, /Weekly privacy report 2026-W48/);
    assert.match(ok.stderr, new RegExp(`sent to 2 recipient\\(s\\) via smtp://127\\.0\\.0\\.1:${smtp.port}`));
    assert.equal(smtp.messages.length, 1);
    assert.deepEqual(smtp.messages[0]!.to, to);

    smtp.refuseLogins = true;
    const refused = await cli(['--week', '2026-W48', '--db', db, '--send']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /sending the weekly report via smtp:\/\/127\.0\.0\.1:\d+ failed: .*Invalid username or password/);
    for (const secret of [PASSWORD, encodeURIComponent(PASSWORD)]) assert.ok(!(refused.stdout + refused.stderr).includes(secret), 'password in the output');
    assert.equal(smtp.messages.length, 1, 'nothing more was delivered');

    const bad = await cli(['--week', '2026-48', '--db', db]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /week "2026-48" is not an ISO week/);
  });

  it('the schedule logs a failed send without the password and delivers on the hourly retry', async () => {
    const clock = new TestClock(Date.parse('2026-11-30T05:00:00.000Z'));
    const { log, text, lines } = memoryLog();
    const config = loadConfig({ SPHERE_SHARED_SECRET: 'x'.repeat(16), SPHERE_REPORT_TO: to.join(','), SPHERE_SMTP_URL: smtp.url });
    // the week before went out already: no catch-up at start
    assert.equal(await ctx.store.reportRuns.claim('2026-W47', '2026-11-23T06:00:00.000Z', '2026-11-23T05:30:00.000Z'), true);
    await ctx.store.reportRuns.markSent('2026-W47', '2026-11-23T06:00:05.000Z');
    const schedule = scheduleFromConfig({ store: ctx.store, engine, config, log }, clock);
    assert.ok(schedule);
    schedule.start();
    await settled();
    assert.deepEqual([schedule.next?.at.toISOString(), schedule.next?.week.label], ['2026-11-30T06:00:00.000Z', '2026-W48']);
    smtp.refuseLogins = true;
    await clock.fire();
    const failed = lines().find((l) => l.msg === 'weekly DPO report not sent; retrying');
    assert.ok(failed, text());
    assert.match(String(failed.err), /Invalid username or password/);
    assert.equal(failed.week, '2026-W48');
    assert.equal(failed.smtp, `smtp://127.0.0.1:${smtp.port}`);
    for (const secret of [PASSWORD, encodeURIComponent(PASSWORD)]) assert.ok(!text().includes(secret), 'password in the log');
    assert.equal(schedule.next?.at.toISOString(), '2026-11-30T07:00:00.000Z');

    smtp.refuseLogins = false;
    await clock.fire();
    assert.equal(smtp.messages.length, 1);
    assert.match(decoded(smtp.messages[0]!.raw), /weekly privacy report 2026-W48/);
    assert.equal(lines().at(-1)?.msg, 'weekly DPO report sent');
    assert.deepEqual([schedule.next?.at.toISOString(), schedule.next?.week.label], ['2026-12-07T06:00:00.000Z', '2026-W49']);
    schedule.stop();
    assert.ok(!text().includes(PASSWORD));
    assert.equal(await ctx.store.reportRuns.isSent('2026-W48'), true);

    // another connector on the same database, due at the same Monday run: the week went out, it sends nothing
    const otherClock = new TestClock(Date.parse('2026-11-30T05:59:00.000Z'));
    const other = memoryLog();
    const second = scheduleFromConfig({ store: ctx.store, engine, config, log: other.log }, otherClock);
    assert.ok(second);
    second.start();
    await settled();
    await otherClock.fire();
    second.stop();
    assert.equal(smtp.messages.length, 1, 'mailed once');
    assert.equal(other.lines().at(-1)?.msg, 'weekly DPO report already sent, or being sent, by another connector');
  });

  it('a connector started after Monday\'s run sends the last week\'s report when it did not go out, once', async () => {
    const clock = new TestClock(Date.parse('2026-11-11T10:00:00.000Z')); // Wednesday of 2026-W46
    const { log, lines } = memoryLog();
    const config = loadConfig({ SPHERE_SHARED_SECRET: 'x'.repeat(16), SPHERE_REPORT_TO: to.join(','), SPHERE_SMTP_URL: smtp.url });
    const schedule = scheduleFromConfig({ store: ctx.store, engine, config, log }, clock);
    assert.ok(schedule);
    schedule.start();
    await settled(() => schedule.next?.retry === true);
    assert.deepEqual([schedule.next?.at.toISOString(), schedule.next?.week.label], ['2026-11-11T10:00:00.000Z', '2026-W45']);
    await clock.fire();
    assert.equal(smtp.messages.length, 1);
    assert.match(decoded(smtp.messages[0]!.raw), /weekly privacy report 2026-W45/);
    assert.deepEqual([schedule.next?.at.toISOString(), schedule.next?.week.label], ['2026-11-16T06:00:00.000Z', '2026-W46']);
    assert.ok(lines().some((l) => l.msg === 'the last weekly DPO report did not go out; sending it now'));
    schedule.stop();

    // started again the same day: W45 went out, nothing is sent now
    const again = scheduleFromConfig({ store: ctx.store, engine, config, log }, clock);
    assert.ok(again);
    again.start();
    await settled();
    assert.deepEqual([again.next?.at.toISOString(), again.next?.retry], ['2026-11-16T06:00:00.000Z', false]);
    again.stop();
    assert.equal(smtp.messages.length, 1);
  });

  it('removes URL credentials and the password from any text', () => {
    const url = 'smtp://user:p%40ss@mail.example.test:587';
    assert.equal(withoutSecrets('connect smtp://user:p%40ss@mail.example.test:587 failed for p@ss', url), 'connect smtp://***@mail.example.test:587 failed for ***');
    // a base64-like password with `/`: the URL does not parse, the credentials still go
    const slashed = 'smtp://user:ab/cd+@mail.example.test:587';
    assert.equal(withoutSecrets(`refused ${slashed}, password ab/cd+`, slashed), 'refused smtp://***@mail.example.test:587, password ***');
  });
});

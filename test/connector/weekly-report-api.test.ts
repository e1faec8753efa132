// GET /v1/reports/weekly over real HTTP (`bin/sphere serve` with the policy pack), signed like every /v1 route.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startConnector, repoRoot, type RunningConnector } from '../support/connector';
import { lastCompleteWeek, weekContaining } from '../../connector/src/report/iso-week';

describe('weekly report API (real server, policy pack)', function () {
  this.timeout(180_000);
  let c: RunningConnector;
  const save = { event: 'record.save', module: 'Contacts', record_id: 'weekly-1', record: { last_name: 'Muster', email1: 'm@example.de' } };

  before(async () => {
    // The e-mail schedule is configured too: the server starts, plans it and still stops at once.
    c = await startConnector({ policyDir: join(repoRoot, 'policies'), env: { SPHERE_REPORT_TO: 'dpo@example.test', SPHERE_SMTP_URL: 'smtp://u:p@127.0.0.1:9' } });
  });
  after(async () => { await c?.stop(); });

  it('answers the week\'s figures as JSON: dry runs apart, open Art. 14 notices by the active policy, the log verified', async () => {
    assert.equal((await c.request('POST', '/v1/decisions', save)).status, 200);
    assert.equal((await c.request('POST', '/v1/decisions', { ...save, dry_run: true })).status, 200);
    const stored = await c.request('POST', '/v1/persons/Leads/bought-1/provenance', { field: 'email1', source_type: 'purchased_list', collected_at: '2026-01-05T00:00:00.000Z' });
    assert.equal(stored.status, 201, stored.text);

    const week = weekContaining(new Date()).label; // this week so far holds the decisions just made
    const res = await c.request('GET', `/v1/reports/weekly?week=${week}`);
    assert.equal(res.status, 200, res.text);
    const report = res.json;
    assert.equal(report.week, week);
    assert.equal(report.decisions.total, 1);
    assert.equal(report.decisions.byEvent['record.save'], 1);
    assert.equal(report.decisions.dryRuns.total, 1);
    assert.equal(report.art14Notices.available, true);
    assert.deepEqual(report.art14Notices.overdue.people, [{ module: 'Leads', id: 'bought-1', due: '2026-02-04', fields: ['email1'] }]);
    assert.equal(report.logIntegrity.ok, true);
    assert.ok(report.logIntegrity.checked >= 2);
    assert.match(report.chainAnchors.endOfWeek.hash, /^[0-9a-f]{64}$/);
    assert.ok(report.chainAnchors.endOfWeek.at < report.to && report.chainAnchors.endOfWeek.seq >= 1);
    assert.ok(!res.text.includes('m@example.de') && !res.text.includes('Muster'), 'no personal data beyond module/id');
  });

  it('defaults to the last complete week', async () => {
    const res = await c.request('GET', '/v1/reports/weekly');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.week, lastCompleteWeek(new Date()).label);
    assert.equal(res.json.decisions.total, 0);
  });

  it('answers 400 naming the problem for a malformed week, and 401 unsigned', async () => {
    const malformed = await c.request('GET', '/v1/reports/weekly?week=2026-48');
    assert.equal(malformed.status, 400);
    assert.deepEqual([malformed.json.error, malformed.json.message], ['invalid_week', 'week "2026-48" is not an ISO week; use YYYY-Www, e.g. 2026-W48']);
    const outOfYear = await c.request('GET', '/v1/reports/weekly?week=2025-W53');
    assert.equal(outOfYear.status, 400);
    assert.match(outOfYear.json.message, /2025 has weeks W01 to W52/);
    const twice = await c.request('GET', '/v1/reports/weekly?week=2026-W01&week=2026-W02');
    assert.equal(twice.status, 400);
    assert.equal(twice.json.error, 'invalid_week');
    const unsigned = await fetch(`${c.url}/v1/reports/weekly`);
    assert.equal(unsigned.status, 401);
  });

  it('refuses to start with a bad report configuration, naming the problem without the SMTP password', async () => {
    await assert.rejects(startConnector({ env: { SPHERE_REPORT_TO: 'dpo@example.test,not-an-address', SPHERE_SMTP_URL: 'http://user:hunter2-secret@mail.example.test' } }), (err: Error) => {
      assert.match(err.message, /reportTo\/1: "not-an-address" is not an e-mail address/);
      assert.match(err.message, /smtpUrl: the scheme must be smtp:\/\/ or smtps:\/\//);
      assert.ok(!err.message.includes('hunter2-secret'), err.message);
      return true;
    });
  });
});

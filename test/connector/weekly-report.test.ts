// The DPO's weekly report from a real store and the real policy pack: open Art. 14 notices are the pack's answer (and
// "cannot tell" when the active revision has no sphere/person_obligations), rendered in German, then English.
import assert from 'node:assert/strict';
import { BACKENDS } from '../store/backends';
import { packEngine } from '../support/pack-engine';
import { PolicyEngine, DECISION_ENTRYPOINT } from '../../connector/src/engine/policy-engine';
import { compileSources, writeBundle } from '../../connector/src/rego';
import { buildWeeklyReport } from '../../connector/src/workflows/weekly-report';
import { lastCompleteWeek, nextMondayAt, parseIsoWeek, weekContaining } from '../../connector/src/report/iso-week';
import { reportHtml, reportSubject, reportText } from '../../connector/src/report/render';
import { rowHash } from '../../connector/src/store/decision-log';
import type { StoredDecision } from '../../connector/src/store';

const NOW = new Date('2026-12-02T07:00:00.000Z'); // a Wednesday; the last complete week is 2026-W48
const W48 = parseIsoWeek('2026-W48');

describe('ISO weeks (UTC)', () => {
  it('parses weeks, including week 1 starting in the previous year and a 53rd week', () => {
    assert.deepEqual([W48.start.toISOString(), W48.end.toISOString()], ['2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z']);
    assert.equal(parseIsoWeek('2026-W01').start.toISOString(), '2025-12-29T00:00:00.000Z');
    assert.equal(parseIsoWeek('2026-W53').start.toISOString(), '2026-12-28T00:00:00.000Z');
    assert.equal(parseIsoWeek('2021-W01').start.toISOString(), '2021-01-04T00:00:00.000Z');
    assert.equal(weekContaining(new Date('2027-01-01T12:00:00Z')).label, '2026-W53');
    assert.equal(weekContaining(new Date('2025-12-29T00:00:00Z')).label, '2026-W01');
  });

  it('rejects malformed weeks naming the problem', () => {
    assert.throws(() => parseIsoWeek('2026-48'), /is not an ISO week; use YYYY-Www/);
    assert.throws(() => parseIsoWeek('2026-W00'), /2026 has weeks W01 to W53/);
    assert.throws(() => parseIsoWeek('2025-W53'), /2025 has weeks W01 to W52/);
  });

  it('takes the week that has ended as the last complete week, and plans runs for the next Monday 06:00 UTC', () => {
    assert.equal(lastCompleteWeek(NOW).label, '2026-W48');
    assert.equal(lastCompleteWeek(new Date('2026-11-30T00:00:00.000Z')).label, '2026-W48', 'Monday midnight ends the week');
    assert.equal(lastCompleteWeek(new Date('2026-11-29T23:59:59.999Z')).label, '2026-W47');
    assert.equal(nextMondayAt(NOW, 6).toISOString(), '2026-12-07T06:00:00.000Z');
    assert.equal(nextMondayAt(new Date('2026-11-30T05:59:59.999Z'), 6).toISOString(), '2026-11-30T06:00:00.000Z');
    assert.equal(nextMondayAt(new Date('2026-11-30T06:00:00.000Z'), 6).toISOString(), '2026-12-07T06:00:00.000Z', 'strictly after now');
    assert.equal(nextMondayAt(new Date('2026-12-06T23:00:00.000Z'), 6).toISOString(), '2026-12-07T06:00:00.000Z', 'from a Sunday');
  });
});

describe('weekly DPO report with the policy pack', function () {
  this.timeout(120_000);
  const sqlite = BACKENDS[0];
  let ctx: Awaited<ReturnType<typeof sqlite.fresh>>;
  let engine: PolicyEngine;
  let logged: StoredDecision;

  const provenance = (module: string, id: string, over: Record<string, unknown>) =>
    ctx.store.provenance.add({ person_module: module, person_id: id, field: 'email1', source_type: 'purchased_list', ...over });

  before(async () => {
    engine = await packEngine();
    ctx = await sqlite.fresh();
    // due = collected + 30 days (the pack's guideline), at the latest one month after
    await provenance('Contacts', 'overdue-1', { collected_at: '2026-10-01T00:00:00.000Z' }); // due 2026-10-31
    await provenance('Contacts', 'overdue-1', { field: 'phone_work', collected_at: '2026-10-20T00:00:00.000Z' });
    await provenance('Leads', 'overdue-2', { collected_at: '2026-11-01T00:00:00.000Z' }); // due 2026-12-01, the day before
    await provenance('Contacts', 'soon-1', { collected_at: '2026-11-02T00:00:00.000Z' }); // due 2026-12-02: today, not overdue
    await provenance('Contacts', 'soon-2', { collected_at: '2026-11-08T00:00:00.000Z' }); // due 2026-12-08: last day of the window
    await provenance('Contacts', 'later', { collected_at: '2026-11-09T00:00:00.000Z' }); // due 2026-12-09: outside
    await provenance('Contacts', 'told', { collected_at: '2026-10-01T00:00:00.000Z', informed_at: '2026-10-02T00:00:00.000Z' });
    await provenance('Contacts', 'own-form', { source_type: 'web_form', collected_at: '2026-10-01T00:00:00.000Z' }); // a direct source
    [logged] = await ctx.store.decisions.appendMany([{
      id: '00000000-0000-4000-a000-000000000001', at: '2026-11-24T10:00:00.000Z', event: 'record.save', module: 'Contacts', recordId: 'x',
      outcome: 'deny', rules: ['consent.not_active'], revision: 'pack', input: {}, decision: { dry_run: false, outcome: 'deny' }, actorId: null,
    }]);
  });
  after(async () => ctx?.dispose());

  it('reports overdue notices and those due within 7 days as the pack decides them, and the week\'s figures', async () => {
    const report = await buildWeeklyReport({ store: ctx.store, engine }, W48, NOW);
    assert.equal(report.week, '2026-W48');
    assert.equal(report.revision, 'pack');
    assert.equal(report.decisions.total, 1);
    assert.deepEqual(report.logIntegrity, { ok: true, checked: 1 });
    const notices = report.art14Notices;
    assert.ok(notices.available, JSON.stringify(notices));
    assert.equal(notices.asOf, '2026-12-02');
    assert.equal(notices.candidatesChecked, 6, 'everyone with an uninformed row; the policy drops the direct source');
    assert.equal(notices.candidatesCut, null);
    assert.deepEqual(notices.overdue, { count: 2, people: [
      { module: 'Contacts', id: 'overdue-1', due: '2026-10-31', fields: ['email1', 'phone_work'] },
      { module: 'Leads', id: 'overdue-2', due: '2026-12-01', fields: ['email1'] },
    ] });
    assert.deepEqual(notices.dueSoon, { count: 2, days: 7, people: [
      { module: 'Contacts', id: 'soon-1', due: '2026-12-02', fields: ['email1'] },
      { module: 'Contacts', id: 'soon-2', due: '2026-12-08', fields: ['email1'] },
    ] });
  });

  it('bounds the people checked and listed, and says so', async () => {
    const report = await buildWeeklyReport({ store: ctx.store, engine }, W48, NOW, { maxPeople: 2, listLimit: 1 });
    const notices = report.art14Notices;
    assert.ok(notices.available);
    assert.deepEqual(notices.candidatesCut, { limit: 2 });
    assert.equal(notices.candidatesChecked, 2);
    const text = reportText(report);
    assert.match(text, /Es gab mehr als 2 Personen mit nicht informierter Herkunft/);
    assert.match(text, /More than 2 people have provenance they were not told of/);
    const listed = await buildWeeklyReport({ store: ctx.store, engine }, W48, NOW, { listLimit: 1 });
    assert.ok(listed.art14Notices.available);
    assert.equal(listed.art14Notices.overdue.count, 2);
    assert.equal(listed.art14Notices.overdue.people.length, 1);
    assert.match(reportText(listed), /Überfällig \(die ersten 1 von 2\)[\s\S]*Overdue \(the first 1 of 2\)/);
  });

  it('says the policy cannot tell when the active revision has no sphere/person_obligations, instead of reporting none', async () => {
    const decisionOnly = new PolicyEngine();
    const wasm = await compileSources([{ file: 'd.rego', text: 'package sphere\n\ndecision := {"outcome": "allow"}\n' }], [DECISION_ENTRYPOINT]);
    decisionOnly.activate(await decisionOnly.prepare(writeBundle(wasm, [DECISION_ENTRYPOINT], {}, 'opa-built')));
    const report = await buildWeeklyReport({ store: ctx.store, engine: decisionOnly }, W48, NOW);
    assert.deepEqual(report.art14Notices, { available: false, asOf: '2026-12-02', reason: 'policy revision opa-built has no entrypoint sphere/person_obligations' });
    const text = reportText(report);
    assert.match(text, /Die aktive Richtlinie kann offene Informationspflichten nicht angeben \(policy revision opa-built has no entrypoint/);
    assert.match(text, /The active policy cannot tell which notices are open/);
    assert.doesNotMatch(text, /Überfällig|Overdue/);
    const none = await buildWeeklyReport({ store: ctx.store, engine: new PolicyEngine() }, W48, NOW);
    assert.deepEqual(none.art14Notices, { available: false, asOf: '2026-12-02', reason: 'no policy revision is active' });
  });

  it('renders German first, then English, as text and HTML, with people only as module/id', async () => {
    const report = await buildWeeklyReport({ store: ctx.store, engine }, W48, NOW);
    assert.equal(reportSubject(report), 'Sphere Datenschutz-Wochenbericht / weekly privacy report 2026-W48');
    const text = reportText(report);
    const de = text.indexOf('Datenschutz-Wochenbericht 2026-W48');
    const en = text.indexOf('Weekly privacy report 2026-W48');
    assert.ok(de === 0 && en > de, text);
    for (const label of ['Entscheidungen', 'Decisions', 'DSB-Freigaben', 'DPO approvals', 'Einwilligungen', 'Consents', 'Widersprüche', 'Objections',
      'Integrität des Entscheidungsprotokolls', 'Decision log integrity', 'Fällig in den nächsten 7 Tagen', 'Due within the next 7 days']) {
      assert.ok(text.includes(label), `missing ${label}`);
    }
    assert.match(text, /Contacts\s+overdue-1\s+2026-10-31\s+email1, phone_work/);
    const html = reportHtml(report);
    assert.ok(html.indexOf('<section lang="de">') < html.indexOf('<section lang="en">'));
    assert.match(html, /<td>overdue-1<\/td><td>2026-10-31<\/td>/);
  });

  it('anchors the week with its last log entry, so a log rewritten with a recomputed chain still shows next week', async () => {
    const report = await buildWeeklyReport({ store: ctx.store, engine }, W48, NOW);
    const anchor = { seq: 1, hash: logged.hash, at: '2026-11-24T10:00:00.000Z' };
    assert.deepEqual(report.chainAnchors, { endOfWeek: anchor, endOfPreviousWeek: null });
    const text = reportText(report);
    assert.match(text, new RegExp(`Anker: letzter Eintrag der Woche:\\s+seq 1, 2026-11-24T10:00:00.000Z, ${logged.hash}`));
    assert.match(text, /Anker der Vorwoche:\s+—[\s\S]*Anchor: last entry of the week:\s+seq 1/);
    assert.match(text, /the anchor in last week's report; if it differs, the log up to there was rewritten/);

    // Someone with database access changes the decision and recomputes its hash and the log head: the chain verifies,
    // but next week's report shows another hash for the entry this report anchored.
    const { hash, ...content } = logged;
    const forged = rowHash({ ...content, outcome: 'allow', rules: JSON.stringify(content.rules), input: JSON.stringify(content.input),
      decision: JSON.stringify(content.decision) });
    assert.notEqual(forged, hash);
    await ctx.exec("UPDATE sphere_decisions SET outcome = 'allow', hash = ? WHERE seq = 1", [forged]);
    await ctx.exec('UPDATE sphere_log_head SET hash = ? WHERE id = 1', [forged]);
    const next = await buildWeeklyReport({ store: ctx.store, engine }, parseIsoWeek('2026-W49'), new Date('2026-12-09T07:00:00.000Z'));
    assert.deepEqual(next.logIntegrity, { ok: true, checked: 1 });
    assert.deepEqual(next.chainAnchors.endOfPreviousWeek, { ...anchor, hash: forged });
    assert.notEqual(next.chainAnchors.endOfPreviousWeek?.hash, report.chainAnchors.endOfWeek?.hash);
  });

  it('reports a broken decision log with its first broken row', async () => {
    await ctx.exec("UPDATE sphere_decisions SET outcome = 'warn' WHERE id = '00000000-0000-4000-a000-000000000001'");
    const report = await buildWeeklyReport({ store: ctx.store, engine }, W48, NOW);
    assert.equal(report.logIntegrity.ok, false);
    assert.equal(report.logIntegrity.firstBroken?.seq, 1);
    assert.match(reportText(report), /Status:\s+VERLETZT[\s\S]*Erster verletzter Eintrag:\s+seq 1[\s\S]*Status:\s+BROKEN/);
  });
});

import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startConnector, repoRoot, type RunningConnector } from '../support/connector';
import { markerBundle } from './fixtures/marker-policy';
import { signRequest } from '../../connector/src/security/hmac';
import { parse as parseYaml } from 'yaml';
import { openStore } from '../../connector/src/store';

const save = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  event: 'record.save', module: 'Contacts', record_id: 'c-1', record: { last_name: 'Muster', email1: 'm@example.de' },
  changes: { email1: { before: null, after: 'm@example.de' } }, actor: { user_id: '1', user_name: 'jdoe', roles: ['sales'] }, channel: 'ui', ...over,
});

describe('connector HTTP API (real server, SQLite file)', function () {
  this.timeout(60_000);
  let c: RunningConnector;
  let revA: string;

  before(async () => {
    c = await startConnector();
    const published = await c.request('POST', '/v1/policies', await markerBundle('rev-a'));
    assert.equal(published.status, 201, published.text);
    revA = published.json.revision;
  });
  after(async () => { await c?.stop(); });

  it('healthz, readyz (db + policy), openapi and metrics are served without signature', async () => {
    assert.equal((await fetch(`${c.url}/healthz`)).status, 200);
    const ready = await (await fetch(`${c.url}/readyz`)).json() as Record<string, unknown>;
    assert.deepEqual(ready, { ready: true, db: true, policy: true, revision: 'rev-a' });
    assert.match(await (await fetch(`${c.url}/v1/openapi.yaml`)).text(), /\/v1\/decisions\/batch/);
  });

  it('runs with the Node options of bin/sphere\'s first line (single-threaded GC), as when an administrator starts it', () => {
    const argv = readFileSync(`/proc/${c.pid}/cmdline`, 'utf8').split('\0');
    assert.deepEqual(argv.slice(1, 4), ['--single-threaded-gc', join(repoRoot, 'bin', 'sphere'), 'serve']);
  });

  it('documents the error answers of withdraw and approval decisions in the OpenAPI document', async () => {
    const { paths, components } = parseYaml(await (await fetch(`${c.url}/v1/openapi.yaml`)).text());
    const withdraw = paths['/v1/persons/{module}/{id}/consents/{cid}/withdraw'].post.responses;
    assert.deepEqual(Object.keys(withdraw).sort(), ['200', '400', '404', '409']);
    assert.match(withdraw['409'].description, /already_withdrawn.*objection_not_withdrawable/);
    assert.equal(withdraw['400'].$ref, '#/components/responses/BadPerson');
    assert.match(components.responses.BadPerson.description, /unknown_module.*invalid_id/);
    assert.match(paths['/v1/approvals/{id}/decide'].post.responses['409'].description, /already_decided/);
  });

  it('decides a save, records its revision and counts it in metrics', async () => {
    const allowed = await c.request('POST', '/v1/decisions', save());
    assert.equal(allowed.status, 200, allowed.text);
    assert.equal(allowed.json.outcome, 'allow');
    assert.equal(allowed.json.revision, revA);
    assert.match(allowed.json.decision_id, /^[0-9a-f-]{36}$/);
    const denied = await c.request('POST', '/v1/decisions', save({ record: { last_name: 'DENY' } }));
    assert.equal(denied.json.outcome, 'deny');
    assert.equal(denied.json.violations[0].rule, 'test.marker_deny');
    const metrics = await (await fetch(`${c.url}/metrics`)).text();
    assert.match(metrics, /sphere_decisions_total\{outcome="deny",event="record.save"\} [1-9]/);
    assert.match(metrics, /sphere_rule_findings_total\{rule="test.marker_deny",kind="violation"\} [1-9]/);
    assert.match(metrics, /sphere_decision_duration_seconds_bucket/);
    assert.match(metrics, /sphere_policy_revision_info\{revision="rev-a"\} 1/);
  });

  it('writes every decision to the hash-chained log with its revision and personal data redacted', async () => {
    const store = await openStore({ type: 'sqlite', file: c.dbFile });
    try {
      const [latest] = await store.decisions.recentForPerson('Contacts', 'c-1', 1);
      assert.ok(latest);
      assert.equal(latest.revision, revA);
      const stored = JSON.stringify(latest.input);
      assert.doesNotMatch(stored, /m@example\.de|Muster|DENY/);
      assert.match(stored, /\[redacted\]/);
      assert.equal((await store.decisions.verify()).ok, true);
    } finally {
      await store.close();
    }
  });

  it('hides the values of fields an event declares as a special category (Art. 9) in the log, single and on the worker pool', async () => {
    const art9 = (i: number) => save({ record_id: `art9-${i}`, record: { last_name: 'Muster', diagnosis_c: 'Diabetes Typ 2' },
      changes: { diagnosis_c: { before: null, after: 'Diabetes Typ 2' } }, facts: { special_category: 'health', fields_changed: ['diagnosis_c'] } });
    const single = await c.request('POST', '/v1/decisions', art9(0));
    const batch = await c.request('POST', '/v1/decisions/batch', { events: Array.from({ length: 70 }, (_, i) => art9(i + 1)) });
    assert.equal(batch.status, 200, batch.text);
    const plain = await c.request('POST', '/v1/decisions', save({ record_id: 'art9-none', record: { diagnosis_c: 'kept: no category declared' } }));
    const store = await openStore({ type: 'sqlite', file: c.dbFile });
    try {
      for (const id of [single.json.decision_id, batch.json.decisions[69].decision_id]) {
        const input = (await store.decisions.get(id))?.input as { record: Record<string, unknown>; changes: Record<string, unknown> };
        assert.equal(input.record.diagnosis_c, '[redacted]');
        assert.doesNotMatch(JSON.stringify(input), /Diabetes/);
      }
      assert.equal(((await store.decisions.get(plain.json.decision_id))?.input as { record: Record<string, unknown> }).record.diagnosis_c, 'kept: no category declared');
    } finally {
      await store.close();
    }
  });

  it('batch answers in order', async () => {
    const res = await c.request('POST', '/v1/decisions/batch', { events: [save(), save({ record: { last_name: 'DENY' } }), save()] });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json.decisions.map((d: { outcome: string }) => d.outcome), ['allow', 'deny', 'allow']);
  });

  it('a large batch (evaluated on worker threads) answers in order as single decisions do, and logs every decision', async () => {
    const marker = (i: number): string => (i % 50 === 7 ? 'BOOM' : i % 10 === 3 ? 'DENY' : 'Muster');
    const events = Array.from({ length: 500 }, (_, i) => save({ record_id: `big-${i % 20}`, record: { last_name: marker(i) }, request_id: `req-${i}` }));
    const errorsBefore = Number(/sphere_policy_errors_total (\d+)/.exec(await (await fetch(`${c.url}/metrics`)).text())?.[1] ?? 0);
    const res = await c.request('POST', '/v1/decisions/batch', { events });
    assert.equal(res.status, 200, res.text);
    const decisions = res.json.decisions as Array<{ outcome: string; violations: Array<{ rule: string }>; request_id: string; revision: string; decision_id: string }>;
    assert.deepEqual(decisions.map((d) => d.request_id), events.map((e) => e.request_id));
    assert.deepEqual(decisions.map((d) => d.violations[0]?.rule ?? d.outcome), events.map((_, i) => ({ BOOM: 'sphere.policy_error', DENY: 'test.marker_deny', Muster: 'allow' })[marker(i)]));
    const single = await c.request('POST', '/v1/decisions', events[7]);
    const { decision_id: _a, evaluated_at: _b, ...expected } = single.json;
    const { decision_id: _c, evaluated_at: _d, ...got } = decisions[7] as unknown as Record<string, unknown>;
    assert.deepEqual(got, expected);
    assert.equal(new Set(decisions.map((d) => d.decision_id)).size, 500);
    assert.match(await (await fetch(`${c.url}/metrics`)).text(), new RegExp(`sphere_policy_errors_total ${errorsBefore + 11}\\b`));
    const store = await openStore({ type: 'sqlite', file: c.dbFile });
    try {
      const logged = await store.decisions.get(decisions[3]?.decision_id as string);
      assert.equal(logged?.outcome, 'deny');
      assert.doesNotMatch(JSON.stringify(logged?.input), /DENY|m@example\.de/);
      assert.equal((await store.decisions.verify()).ok, true);
    } finally {
      await store.close();
    }
  });

  it('a policy runtime error answers deny sphere.policy_error and the service keeps running', async () => {
    const res = await c.request('POST', '/v1/decisions', save({ record: { last_name: 'BOOM' } }));
    assert.equal(res.status, 200);
    assert.equal(res.json.outcome, 'deny');
    assert.equal(res.json.violations[0].rule, 'sphere.policy_error');
    assert.ok(res.json.violations[0].message.de && res.json.violations[0].message.en);
    assert.match(await (await fetch(`${c.url}/metrics`)).text(), /sphere_policy_errors_total [1-9]/);
    assert.equal((await c.request('POST', '/v1/decisions', save())).json.outcome, 'allow');
  });

  it('rejects bad signatures, stale timestamps and replayed nonces with 401 and a reason', async () => {
    const body = JSON.stringify(save());
    const bad = await fetch(`${c.url}/v1/decisions`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'X-Sphere-Timestamp': String(Math.floor(Date.now() / 1000)), 'X-Sphere-Nonce': 'ab'.repeat(8), 'X-Sphere-Signature': 'v1=00' } });
    assert.equal(bad.status, 401);
    const badAnswer = (await bad.json()) as { reason: string; reason_code: string };
    assert.match(badAnswer.reason, /signature does not match/);
    assert.equal(badAnswer.reason_code, 'bad_signature');
    const stale = await c.request('POST', '/v1/decisions', save(), { 'X-Sphere-Timestamp': String(Math.floor(Date.now() / 1000) - 1000) });
    assert.equal(stale.status, 401);
    assert.equal(stale.json.reason_code, 'stale_timestamp');
    assert.match(stale.json.reason, /outside the allowed window of ±300 s \(off by 100\d s\)/);
    const unsigned = await fetch(`${c.url}/v1/decisions`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
    assert.deepEqual(await unsigned.json(), { error: 'unauthorized', reason_code: 'missing_headers', reason: 'missing header(s): X-Sphere-Timestamp, X-Sphere-Nonce, X-Sphere-Signature' });
    const headers = { 'Content-Type': 'application/json', ...signRequest(c.secret, 'POST', '/v1/decisions', body) };
    assert.equal((await fetch(`${c.url}/v1/decisions`, { method: 'POST', body, headers })).status, 200);
    const replay = await fetch(`${c.url}/v1/decisions`, { method: 'POST', body, headers });
    assert.equal(replay.status, 401);
    assert.deepEqual(await replay.json(), { error: 'unauthorized', reason_code: 'replayed_nonce', reason: 'nonce already used (replayed request)' });
  });

  it('answers 413 over 5 MB, 400 for malformed JSON, unknown events and schema violations, storing nothing', async () => {
    const before = (await c.request('GET', '/v1/persons/Contacts/c-9/privacy')).json.recent_decisions.length;
    const big = await c.request('POST', '/v1/decisions', { ...save({ record_id: 'c-9' }), facts: { blob: 'x'.repeat(5 * 1024 * 1024 + 10) } });
    assert.equal(big.status, 413);
    const malformed = await c.request('POST', '/v1/decisions', '{"event": "record.save",');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json.error, 'malformed_json');
    // A small body nested thousands of levels deep is refused before anything walks it; brackets in strings do not count.
    const deep = `${'{"d":'.repeat(5000)}"end"${'}'.repeat(5000)}`;
    const tooDeep = await c.request('POST', '/v1/decisions', JSON.stringify({ ...save({ record_id: 'c-9' }), facts: {} }).replace('"facts":{}', `"facts":${deep}`));
    assert.equal(tooDeep.status, 400, tooDeep.text);
    assert.equal(tooDeep.json.error, 'too_deep');
    assert.match(tooDeep.json.message, /more than 64 levels deep/);
    const bracketsInText = await c.request('POST', '/v1/decisions', save({ record_id: 'c-8', record: { last_name: `"\\${'['.repeat(100)}` } }));
    assert.equal(bracketsInText.status, 200, bracketsInText.text);
    const notUtf8 = await c.request('POST', '/v1/decisions', Buffer.concat([Buffer.from('{"event":"record.save","module":"Contacts","record_id":"c-9","record":{"last_name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]), { 'Content-Type': 'application/json' });
    assert.equal(notUtf8.status, 400, notUtf8.text);
    assert.match(notUtf8.json.message, /not valid UTF-8/);
    // the signature covers the bytes as sent: an encoded body is refused by name, not inflated and then misread
    const gzipped = await c.request('POST', '/v1/decisions', gzipSync(JSON.stringify(save({ record_id: 'c-9' }))), { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    assert.equal(gzipped.status, 415, gzipped.text);
    assert.equal(gzipped.json.error, 'unsupported_encoding');
    assert.match(gzipped.json.message, /Content-Encoding "gzip" is not accepted/);
    // without an event, the schema names the missing event, not the fields of the events that need more
    const noEvent = await c.request('POST', '/v1/decisions', { module: 'Contacts', record_id: 'c-9' });
    assert.equal(noEvent.status, 400);
    assert.deepEqual(noEvent.json.details, ["/ must have required property 'event'"]);
    const unknown = await c.request('POST', '/v1/decisions', save({ event: 'record.delete', record_id: 'c-9' }));
    assert.equal(unknown.status, 400);
    assert.match(unknown.json.message, /unknown event "record.delete"/);
    const invalid = await c.request('POST', '/v1/decisions', save({ module: 'Cases', record_id: 'c-9' }));
    assert.equal(invalid.status, 400);
    assert.ok(invalid.json.details.some((d: string) => d.startsWith('/module')));
    assert.equal((await c.request('GET', '/v1/persons/Contacts/c-9/privacy')).json.recent_decisions.length, before);
  });

  it('answers 405 with the Allow header for a known path asked with another method, 404 for an unknown path', async () => {
    const wrongMethod = await c.request('DELETE', '/v1/decisions');
    assert.equal(wrongMethod.status, 405, wrongMethod.text);
    assert.equal(wrongMethod.json.error, 'method_not_allowed');
    assert.match(wrongMethod.json.message, /DELETE is not allowed on \/v1\/decisions; allowed: POST/);
    const consents = await c.request('PUT', '/v1/persons/Contacts/p-1/consents', {});
    assert.equal(consents.status, 405);
    const allow = (await fetch(`${c.url}/v1/persons/Contacts/p-1/consents`, { method: 'PUT', headers: { ...signRequest(c.secret, 'PUT', '/v1/persons/Contacts/p-1/consents', '') } })).headers.get('allow');
    assert.deepEqual(allow?.split(', ').sort(), ['GET', 'HEAD', 'POST']);
    assert.equal((await fetch(`${c.url}/healthz`, { method: 'POST' })).status, 405);
    // still signed first: an unsigned request to a /v1 path is refused as such, whatever its method
    assert.equal((await fetch(`${c.url}/v1/decisions`, { method: 'DELETE' })).status, 401);
    assert.equal((await c.request('POST', '/v1/nothing', {})).status, 404);
  });

  it('stores consents and provenance, withdraws consents and shows the privacy view (open obligations need the policy\'s entrypoint)', async () => {
    const added = await c.request('POST', '/v1/persons/Contacts/p-1/consents', { purpose: 'newsletter', channel: 'email', method: 'double_opt_in', active_act: true, given_at: '2026-01-01T00:00:00Z' });
    assert.equal(added.status, 201, added.text);
    const list = await c.request('GET', '/v1/persons/Contacts/p-1/consents');
    assert.equal(list.json.consents.length, 1);
    const withdrawn = await c.request('POST', `/v1/persons/Contacts/p-1/consents/${list.json.consents[0].id}/withdraw`);
    assert.equal(withdrawn.status, 200, withdrawn.text);
    assert.equal((await c.request('GET', '/v1/persons/Contacts/p-1/consents')).json.consents[0].status, 'withdrawn');
    assert.equal((await c.request('POST', '/v1/persons/Contacts/p-1/consents', { purpose: 'x', channel: 'fax', method: 'verbal' })).status, 400);
    const prov = await c.request('POST', '/v1/persons/Contacts/p-1/provenance', { field: 'email1', source_type: 'purchased_list', collected_at: '2026-03-01T00:00:00Z' });
    assert.equal(prov.status, 201, prov.text);
    assert.equal((await c.request('GET', '/v1/persons/Contacts/p-1/provenance')).json.provenance.length, 1);
    await c.request('POST', '/v1/decisions', save({ record_id: 'p-1' }));
    const privacy = await c.request('GET', '/v1/persons/Contacts/p-1/privacy');
    // this revision (a hand-written module) has only sphere/decision: what is open is not known, and said so
    assert.equal(privacy.json.obligations, null);
    assert.equal(privacy.json.obligations_unavailable, 'policy revision rev-a has no entrypoint sphere/person_obligations');
    // the check of the consent when it was recorded, then the save
    assert.deepEqual(privacy.json.recent_decisions.map((d: { event: string }) => d.event), ['record.save', 'record.save']);
    assert.equal((await c.request('GET', '/v1/persons/Cases/p-1/privacy')).status, 400);
  });

  it('withdraws a given consent once: a second withdrawal or withdrawing an objection answers 409 and changes nothing', async () => {
    const given = await c.request('POST', '/v1/persons/Contacts/wd-1/consents', { purpose: 'newsletter', channel: 'email', method: 'double_opt_in', active_act: true });
    const first = await c.request('POST', `/v1/persons/Contacts/wd-1/consents/${given.json.id}/withdraw`);
    assert.equal(first.status, 200, first.text);
    await new Promise((r) => setTimeout(r, 20));
    const second = await c.request('POST', `/v1/persons/Contacts/wd-1/consents/${given.json.id}/withdraw`);
    assert.equal(second.status, 409, second.text);
    assert.equal(second.json.error, 'already_withdrawn');
    assert.match(second.json.message, new RegExp(`already withdrawn at ${first.json.withdrawnAt}`));
    assert.equal((await c.request('GET', '/v1/persons/Contacts/wd-1/consents')).json.consents[0].withdrawnAt, first.json.withdrawnAt);

    const objection = await c.request('POST', '/v1/persons/Contacts/wd-2/consents', { purpose: 'marketing', channel: 'any', method: 'written', status: 'objected' });
    assert.equal(objection.status, 201, objection.text);
    const refused = await c.request('POST', `/v1/persons/Contacts/wd-2/consents/${objection.json.id}/withdraw`);
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.json.error, 'objection_not_withdrawable');
    assert.match(refused.json.message, /is an objection/);
    const privacy = await c.request('GET', '/v1/persons/Contacts/wd-2/privacy');
    assert.deepEqual([privacy.json.objections.length, privacy.json.consents.length], [1, 0]);
    assert.equal((await c.request('POST', `/v1/persons/Cases/wd-2/consents/${objection.json.id}/withdraw`)).json.error, 'unknown_module');
  });

  it('rejects contradictory consents naming the field, needs active_act for a given consent, dates a withdrawal without time now', async () => {
    const consent = { purpose: 'newsletter', channel: 'email', method: 'double_opt_in', active_act: true };
    const post = (body: Record<string, unknown>) => c.request('POST', '/v1/persons/Contacts/cv-1/consents', body);
    const givenWithdrawn = await post({ ...consent, status: 'given', withdrawn_at: '2025-01-01T00:00:00Z' });
    assert.equal(givenWithdrawn.status, 400, givenWithdrawn.text);
    assert.match(givenWithdrawn.json.message, /withdrawnAt must be empty while status is given/);
    const expiresFirst = await post({ ...consent, given_at: '2026-05-01T00:00:00Z', expires_at: '2025-01-01T00:00:00Z' });
    assert.equal(expiresFirst.status, 400, expiresFirst.text);
    assert.match(expiresFirst.json.message, /expiresAt must be after givenAt/);
    const { active_act: _, ...withoutActiveAct } = consent;
    const noActiveAct = await post(withoutActiveAct);
    assert.equal(noActiveAct.status, 400, noActiveAct.text);
    assert.match(noActiveAct.json.message, /required property 'active_act'/);
    assert.equal((await post({ ...withoutActiveAct, status: 'given' })).status, 400);
    assert.deepEqual((await c.request('GET', '/v1/persons/Contacts/cv-1/consents')).json.consents, []);

    const before = Date.now();
    const withdrawn = await post({ ...withoutActiveAct, status: 'withdrawn' });
    assert.equal(withdrawn.status, 201, withdrawn.text);
    assert.ok(Date.parse(withdrawn.json.withdrawnAt) >= before - 1000, withdrawn.text);
    assert.equal((await post({ ...consent, active_act: false, given_at: '2026-05-01T00:00:00Z', expires_at: '2027-05-01T00:00:00Z' })).json.activeAct, false);
  });

  it('stores the provenance of many people in one request, and nothing of a request with an invalid record', async () => {
    const stored = await c.request('POST', '/v1/provenance', { records: [
      { module: 'Contacts', person_id: 'imp-1', field: 'email1', source_type: 'trade_fair_card', method: 'import', collected_at: '2026-05-01T00:00:00Z' },
      { module: 'Contacts', person_id: 'imp-1', field: 'last_name', source_type: 'trade_fair_card', method: 'import', collected_at: '2026-05-01T00:00:00Z' },
      { module: 'Leads', person_id: 'imp-2', field: 'email1', source_type: 'purchased_list' },
    ] });
    assert.equal(stored.status, 201, stored.text);
    assert.deepEqual(stored.json, { stored: 3 });
    const privacy = await c.request('GET', '/v1/persons/Contacts/imp-1/privacy');
    assert.deepEqual(Object.keys(privacy.json.provenance).sort(), ['email1', 'last_name']);
    assert.equal((await c.request('GET', '/v1/persons/Leads/imp-2/provenance')).json.provenance[0].sourceType, 'purchased_list');

    const invalid = await c.request('POST', '/v1/provenance', { records: [
      { module: 'Contacts', person_id: 'imp-3', field: 'email1', source_type: 'web_form' },
      { module: 'Cases', person_id: 'imp-3', field: 'email1' },
    ] });
    assert.equal(invalid.status, 400, invalid.text);
    assert.match(invalid.json.message, /\/records\/1\/module/);
    assert.match(invalid.json.message, /\/records\/1 must have required property 'source_type'/);
    assert.equal((await c.request('GET', '/v1/persons/Contacts/imp-3/provenance')).json.provenance.length, 0);
    assert.equal((await c.request('POST', '/v1/provenance', { records: [] })).status, 400);
  });

  it('an approval outcome opens a DPO request; once approved the same action passes', async () => {
    const action = save({ record_id: 'a-1', record: { last_name: 'APPR' } });
    const first = await c.request('POST', '/v1/decisions', action);
    assert.equal(first.json.outcome, 'approval');
    assert.equal(first.json.approval.status, 'pending');
    const id = first.json.approval.request_id;
    const again = await c.request('POST', '/v1/decisions', action);
    assert.equal(again.json.approval.request_id, id, 'the same action asked again joins its open request');
    const pending = (await c.request('GET', '/v1/approvals?status=pending')).json.approvals as Array<{ id: unknown }>;
    assert.equal(pending.filter((a) => String(a.id) === id).length, 1);
    assert.equal((await c.request('POST', `/v1/approvals/${id}/decide`, { decision: 'approved', decided_by: 'dpo' })).status, 200);
    const twice = await c.request('POST', `/v1/approvals/${id}/decide`, { decision: 'rejected', decided_by: 'dpo' });
    assert.deepEqual([twice.status, twice.json.error], [409, 'already_decided']);
    const second = await c.request('POST', '/v1/decisions', action);
    assert.equal(second.json.outcome, 'allow');
    assert.equal(second.json.approval.status, 'approved');
    const other = await c.request('POST', '/v1/decisions', save({ record_id: 'a-2', record: { last_name: 'APPR' } }));
    assert.equal(other.json.outcome, 'approval');
  });

  it('mailing.plan answers per recipient with a summary', async () => {
    const plan = await c.request('POST', '/v1/decisions', {
      event: 'mailing.plan', module: 'Contacts', campaign: { id: 'k', channel: 'email', content_type: 'advertising', audience: 'one_to_many' },
      recipients: [{ module: 'Contacts', id: 'r1' }, { module: 'Leads', id: 'r2' }],
    });
    assert.equal(plan.status, 200, plan.text);
    assert.equal(plan.json.summary.recipients, 2);
    assert.equal(plan.json.recipients.length, 2);
  });

  it('publish and rollback: a new bundle serves at once, a broken one answers 422 and leaves the active one, activate rolls back', async () => {
    const b = await c.request('POST', '/v1/policies', await markerBundle('rev-b', 'warn'), { 'X-Sphere-Author': 'legal' });
    assert.equal(b.status, 201, b.text);
    assert.equal((await c.request('POST', '/v1/decisions', save())).json.outcome, 'warn');
    const broken = await c.request('POST', '/v1/policies', Buffer.from('not a tar.gz'));
    assert.equal(broken.status, 422);
    assert.equal((await c.request('POST', '/v1/decisions', save())).json.revision, 'rev-b');
    const list = await c.request('GET', '/v1/policies');
    assert.equal(list.json.active, 'rev-b');
    assert.deepEqual(list.json.revisions.map((r: { revision: string }) => r.revision).sort(), ['rev-a', 'rev-b']);
    assert.equal((await c.request('POST', '/v1/policies/rev-a/activate')).status, 200);
    const after = await c.request('POST', '/v1/decisions', save());
    assert.equal(after.json.revision, 'rev-a');
    assert.equal(after.json.outcome, 'allow');
    assert.equal((await c.request('POST', '/v1/policies/nope/activate')).status, 404);
  });

  it('`sphere decide --input` evaluates one event against the active revision of the same database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sphere-decide-'));
    const file = join(dir, 'event.json');
    writeFileSync(file, JSON.stringify(save({ record: { last_name: 'DENY' } })));
    const run = spawnSync(process.execPath, [join(repoRoot, 'bin', 'sphere'), 'decide', '--input', file], {
      cwd: repoRoot, encoding: 'utf8', env: { ...process.env, SPHERE_DB: `sqlite:${c.dbFile}`, SPHERE_POLICY_DIR: join(dir, 'none'), SPHERE_SHARED_SECRET: c.secret },
    });
    assert.equal(run.status, 0, run.stderr);
    const decision = JSON.parse(run.stdout) as { outcome: string; revision: string };
    assert.equal(decision.outcome, 'deny');
    assert.equal(decision.revision, 'rev-a');
    writeFileSync(file, '{"event": "record.delete", "module": "Contacts"}');
    const bad = spawnSync(process.execPath, [join(repoRoot, 'bin', 'sphere'), 'decide', '--input', file], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /unknown event "record.delete"/);
  });

  it('`sphere policy publish` sends a bundle signed to the running connector; a wrong secret is refused', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sphere-publish-')), 'bundle.tar.gz');
    writeFileSync(file, await markerBundle('rev-cli', 'warn'));
    // asynchronous: a blocked event loop lets the server close this process's idle keep-alive sockets unnoticed
    const publish = (secret: string) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [join(repoRoot, 'bin', 'sphere'), 'policy', 'publish', file, '--to', c.url, '--secret', secret, '--author', 'cli-test'], { cwd: repoRoot, encoding: 'utf8' },
        (err, stdout, stderr) => resolve({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
    });
    const refused = await publish('wrong-secret-0123456789');
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /publish failed \(401\)/);
    const ok = await publish(c.secret);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /published and activated revision rev-cli/);
    assert.equal((await c.request('POST', '/v1/decisions', save())).json.revision, 'rev-cli');
  });

  it('database unavailable → 503 unchecked, nothing half-written, and the service recovers', async () => {
    // Another process holds SQLite's write lock, so the connector cannot write the decision log.
    const blocker = new Database(c.dbFile);
    blocker.exec('BEGIN EXCLUSIVE');
    let res;
    try {
      res = await c.request('POST', '/v1/decisions', save({ record_id: 'z-1' }));
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    assert.equal(res.status, 503, res.text);
    assert.equal(res.json.outcome, 'unchecked');
    assert.match(await (await fetch(`${c.url}/metrics`)).text(), /sphere_unchecked_total [1-9]/);
    assert.deepEqual((await c.request('GET', '/v1/persons/Contacts/z-1/privacy')).json.recent_decisions, []);
    assert.equal((await c.request('POST', '/v1/decisions', save({ record_id: 'z-1' }))).status, 200);
  });
});

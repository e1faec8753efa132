import assert from 'node:assert/strict';
import { checkSignature, signRequest } from '../../connector/src/security/hmac';
import { NonceCache } from '../../connector/src/security/nonce-cache';
import { ReplayGuard } from '../../connector/src/security/replay-guard';
import type { NonceClaim, NonceSweep, RequestNonceStore } from '../../connector/src/store';
import { redactedJson, redactionFields, REDACTED, withSpecialCategoryFields } from '../../connector/src/security/redact';

const secret = 'test-secret-0123456789abcdef';
const body = Buffer.from('{"event":"record.save"}');

function request(headers: ReturnType<typeof signRequest>, over: Partial<{ body: Buffer; path: string }> = {}) {
  return { method: 'POST', pathWithQuery: over.path ?? '/v1/decisions', body: over.body ?? body, timestamp: headers['X-Sphere-Timestamp'], nonce: headers['X-Sphere-Nonce'], signature: headers['X-Sphere-Signature'] };
}

describe('HMAC request signatures', () => {
  const reason = (r: ReturnType<typeof checkSignature>): string => (r.ok ? 'ok' : `${r.code}: ${r.reason}`);

  it('accepts a correctly signed request, answering its nonce and signed timestamp', () => {
    const h = signRequest(secret, 'POST', '/v1/decisions', body, 1_000_000);
    const checked = checkSignature(secret, 300, request(h), 1_000_010);
    assert.deepEqual(checked, { ok: true, nonce: h['X-Sphere-Nonce'], issuedAt: 1_000_000 });
    assert.deepEqual(checkSignature(secret, 300, request(h), 1_000_010), checked, 'single use is the replay guard\'s job');
  });

  it('rejects a changed body, path, wrong secret, stale timestamp and missing headers with a reason', () => {
    const h = signRequest(secret, 'POST', '/v1/decisions', body);
    assert.match(reason(checkSignature(secret, 300, request(h, { body: Buffer.from('{}') }))), /^bad_signature: signature does not match/);
    assert.match(reason(checkSignature(secret, 300, request(h, { path: '/v1/decisions/batch' }))), /^bad_signature: signature does not match/);
    assert.match(reason(checkSignature('another-secret-0123456789', 300, request(h))), /^bad_signature: signature does not match/);
    const stale = signRequest(secret, 'POST', '/v1/decisions', body, Math.floor(Date.now() / 1000) - 301);
    assert.match(reason(checkSignature(secret, 300, request(stale))), /^stale_timestamp: timestamp outside the allowed window/);
    assert.match(reason(checkSignature(secret, 300, { ...request(h), nonce: undefined })), /^missing_headers: missing header\(s\): X-Sphere-Nonce$/);
    assert.match(reason(checkSignature(secret, 300, { ...request(h), nonce: 'xyz' })), /^malformed_header: X-Sphere-Nonce must be 16 to 128 hex characters$/);
    assert.match(reason(checkSignature(secret, 300, { ...request(h), timestamp: 'soon' })), /^malformed_header: X-Sphere-Timestamp must be unix seconds$/);
  });

  it('forgets nonces after the window so memory stays bounded', () => {
    const nonces = new NonceCache();
    assert.equal(nonces.remember('aa'.repeat(8), 100, 50), true);
    assert.equal(nonces.remember('bb'.repeat(8), 500, 200), true);
    assert.equal(nonces.size, 1);
    nonces.forget('bb'.repeat(8));
    assert.equal(nonces.remember('bb'.repeat(8), 500, 200), true);
  });
});

describe('replay guard (nonces claimed in memory, then durably)', () => {
  /** A nonce table in memory that records each transaction; `fail` makes the next ones throw. */
  function fakeStore() {
    const rows = new Map<string, number>();
    const calls: Array<{ nonces: string[]; sweep?: NonceSweep }> = [];
    let fail: Error | null = null;
    const store: Pick<RequestNonceStore, 'claim'> = {
      async claim(claims: NonceClaim[], sweep?: NonceSweep) {
        calls.push({ nonces: claims.map((c) => c.nonce), sweep });
        if (fail) throw fail;
        const fresh = claims.map((c) => (rows.has(c.nonce) ? false : (rows.set(c.nonce, c.issuedAt), true)));
        return { fresh, swept: 0 };
      },
    };
    return { store, rows, calls, failWith: (err: Error | null) => { fail = err; } };
  }
  const n = (i: number): string => i.toString(16).padStart(32, '0');
  const signed = Math.floor(Date.now() / 1000);

  it('claims concurrent nonces in one store transaction and answers replays from memory', async () => {
    const fake = fakeStore();
    const guard = new ReplayGuard(fake.store);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => guard.claim(n(i), signed)));
    assert.deepEqual(new Set(results), new Set([true]));
    assert.equal(fake.calls.length, 1, 'one transaction for the 50 concurrent claims');
    assert.equal(fake.calls[0].nonces.length, 50);
    assert.ok(fake.calls[0].sweep, 'the first transaction after a start sweeps');
    assert.equal(await guard.claim(n(3), signed), false);
    assert.equal(fake.calls.length, 1, 'a replay known in memory needs no database');
    fake.rows.set(n(99), signed); // claimed by another instance, or before a restart
    assert.equal(await guard.claim(n(99), signed), false);
    assert.equal(fake.calls[1].sweep, undefined, 'no sweep on every transaction');
  });

  it('a failed claim fails every request of its transaction and does not use up their nonces', async () => {
    const fake = fakeStore();
    const guard = new ReplayGuard(fake.store);
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
    fake.failWith(down);
    const outcomes = await Promise.allSettled([guard.claim(n(1), signed), guard.claim(n(2), signed)]);
    assert.deepEqual(outcomes.map((o) => (o.status === 'rejected' ? o.reason : o.value)), [down, down]);
    fake.failWith(null);
    assert.equal(await guard.claim(n(1), signed), true, 'the request that was not handled may be sent again');
    assert.equal(await guard.claim(n(1), signed), false);
  });
});

describe('redaction of personal data', () => {
  it('uses the default list when guidelines name none and hides names, e-mails, phones, birthdate and addresses at any depth', () => {
    const fields = redactionFields({});
    const out = JSON.parse(redactedJson({ record: { last_name: 'Muster', email1: 'a@b.de', phone_mobile: '0171', birthdate: '1990-01-01', primary_address_city: 'Kiel', lead_source: 'Web' }, changes: { email1: { before: null, after: 'a@b.de' } } }, fields)) as { record: Record<string, unknown>; changes: Record<string, unknown> };
    for (const k of ['last_name', 'email1', 'phone_mobile', 'birthdate', 'primary_address_city']) assert.equal(out.record[k], REDACTED, k);
    assert.equal(out.record.lead_source, 'Web');
    assert.equal(out.changes.email1, REDACTED);
  });

  it('adds the changed fields of an event that declares a special category, and only then', () => {
    const base = new Set(['last_name']);
    assert.deepEqual([...withSpecialCategoryFields(base, { special_category: ['health'], fields_changed: ['diagnosis_c', 7] })], ['last_name', 'diagnosis_c']);
    assert.equal(withSpecialCategoryFields(base, { special_category: 'health' }), base);
    assert.equal(withSpecialCategoryFields(base, { special_category: [], fields_changed: ['diagnosis_c'] }), base);
    assert.equal(withSpecialCategoryFields(base, undefined), base);
  });

  it('follows the guidelines redaction list when present', () => {
    const out = JSON.parse(redactedJson({ record: { last_name: 'Muster', lead_source: 'Web' } }, redactionFields({ redaction: { fields: ['lead_source'] } }))) as { record: Record<string, unknown> };
    assert.equal(out.record.lead_source, REDACTED);
    assert.equal(out.record.last_name, 'Muster');
  });

  it('redacts inside arrays of objects, keeps empty values as they are and leaves array elements alone', () => {
    const fields = new Set(['email', 'name', '0']);
    const text = redactedJson({ email_addresses: [{ email: 'a@b.de', opt_out: false }, { email: null }], tags: ['first', 'second'], name: null, when: undefined }, fields);
    assert.deepEqual(JSON.parse(text), { email_addresses: [{ email: REDACTED, opt_out: false }, { email: null }], tags: ['first', 'second'], name: null });
  });

  it('leaves the input as it was and writes dates, nested lists and untouched parts as JSON.stringify does', () => {
    const input = {
      record: { last_name: 'Muster', lead_source: 'Web', born: new Date('1990-01-01T00:00:00Z') },
      person: { consents: [{ id: 'c1', given_at: new Date('2026-01-02T03:04:05Z'), proof: { name: 'Formular A' } }], provenance: {} },
      nested: [[{ name: 'x' }], [1, 2]], empty: {}, n: 7, ok: true,
    };
    const before = JSON.stringify(input);
    const text = redactedJson(input, new Set(['last_name', 'name']));
    assert.equal(JSON.stringify(input), before, 'the input is not changed');
    assert.equal(text, JSON.stringify({
      record: { last_name: REDACTED, lead_source: 'Web', born: '1990-01-01T00:00:00.000Z' },
      person: { consents: [{ id: 'c1', given_at: '2026-01-02T03:04:05.000Z', proof: { name: REDACTED } }], provenance: {} },
      nested: [[{ name: REDACTED }], [1, 2]], empty: {}, n: 7, ok: true,
    }));
    assert.equal(redactedJson(input, new Set(['absent'])), before, 'nothing to redact: the plain JSON text');
  });
});

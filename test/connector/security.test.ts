import assert from 'node:assert/strict';
import { signRequest, verifyRequest } from '../../connector/src/security/hmac';
import { NonceCache } from '../../connector/src/security/nonce-cache';
import { redactedJson, redactionFields, REDACTED } from '../../connector/src/security/redact';

const secret = 'test-secret-0123456789abcdef';
const body = Buffer.from('{"event":"record.save"}');

function request(headers: ReturnType<typeof signRequest>, over: Partial<{ body: Buffer; path: string }> = {}) {
  return { method: 'POST', pathWithQuery: over.path ?? '/v1/decisions', body: over.body ?? body, timestamp: headers['X-Sphere-Timestamp'], nonce: headers['X-Sphere-Nonce'], signature: headers['X-Sphere-Signature'] };
}

describe('HMAC request signatures', () => {
  it('accepts a correctly signed request once and rejects its replay', () => {
    const nonces = new NonceCache();
    const h = signRequest(secret, 'POST', '/v1/decisions', body);
    assert.deepEqual(verifyRequest(secret, 300, nonces, request(h)), { ok: true });
    const replay = verifyRequest(secret, 300, nonces, request(h));
    assert.equal(replay.ok, false);
    assert.match((replay as { reason: string }).reason, /nonce already used/);
  });

  it('rejects a changed body, path, wrong secret, stale timestamp and missing headers with a reason', () => {
    const h = signRequest(secret, 'POST', '/v1/decisions', body);
    const reason = (r: ReturnType<typeof verifyRequest>): string => (r.ok ? 'ok' : r.reason);
    assert.match(reason(verifyRequest(secret, 300, new NonceCache(), request(h, { body: Buffer.from('{}') }))), /signature does not match/);
    assert.match(reason(verifyRequest(secret, 300, new NonceCache(), request(h, { path: '/v1/decisions/batch' }))), /signature does not match/);
    assert.match(reason(verifyRequest('another-secret-0123456789', 300, new NonceCache(), request(h))), /signature does not match/);
    const stale = signRequest(secret, 'POST', '/v1/decisions', body, Math.floor(Date.now() / 1000) - 301);
    assert.match(reason(verifyRequest(secret, 300, new NonceCache(), request(stale))), /outside the allowed window/);
    assert.match(reason(verifyRequest(secret, 300, new NonceCache(), { ...request(h), nonce: undefined })), /missing header\(s\): X-Sphere-Nonce/);
  });

  it('a rejected request does not burn its nonce', () => {
    const nonces = new NonceCache();
    const h = signRequest(secret, 'POST', '/v1/decisions', body);
    assert.equal(verifyRequest(secret, 300, nonces, { ...request(h), signature: 'v1=00' }).ok, false);
    assert.equal(verifyRequest(secret, 300, nonces, request(h)).ok, true);
  });

  it('forgets nonces after the window so memory stays bounded', () => {
    const nonces = new NonceCache();
    assert.equal(nonces.remember('aa'.repeat(8), 100, 50), true);
    assert.equal(nonces.remember('bb'.repeat(8), 500, 200), true);
    assert.equal(nonces.size, 1);
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
});

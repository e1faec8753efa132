// HMAC request signatures between SuiteCRM and the connector (contract: v1 = HMAC-SHA256 over method, path, timestamp, nonce, body hash).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface SignedHeaders {
  'X-Sphere-Timestamp': string;
  'X-Sphere-Nonce': string;
  'X-Sphere-Signature': string;
}

function canonical(method: string, pathWithQuery: string, timestamp: string, nonce: string, body: Buffer | string): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${bodyHash}`;
}

export function signature(secret: string, method: string, pathWithQuery: string, timestamp: string, nonce: string, body: Buffer | string): string {
  return 'v1=' + createHmac('sha256', secret).update(canonical(method, pathWithQuery, timestamp, nonce, body)).digest('hex');
}

export function signRequest(secret: string, method: string, pathWithQuery: string, body: Buffer | string, nowSeconds = Math.floor(Date.now() / 1000)): SignedHeaders {
  const timestamp = String(nowSeconds);
  const nonce = randomBytes(16).toString('hex');
  return {
    'X-Sphere-Timestamp': timestamp,
    'X-Sphere-Nonce': nonce,
    'X-Sphere-Signature': signature(secret, method, pathWithQuery, timestamp, nonce, body),
  };
}

export interface VerifyRequest {
  method: string;
  pathWithQuery: string;
  body: Buffer;
  timestamp: string | undefined;
  nonce: string | undefined;
  signature: string | undefined;
}

export const REPLAYED = 'nonce already used (replayed request)';

/**
 * Why a request was not authenticated, for machines (the SuiteCRM module explains each to the administrator in their
 * language); `reason` says it in English with the details.
 */
export type RejectionCode = 'missing_headers' | 'malformed_header' | 'stale_timestamp' | 'bad_signature' | 'replayed_nonce';

export type SignatureCheck = { ok: true; nonce: string; issuedAt: number } | { ok: false; code: RejectionCode; reason: string };

/**
 * Headers, timestamp window and signature, without the nonce's single use (ReplayGuard): on success, the nonce and
 * the signed timestamp (unix seconds).
 */
export function checkSignature(secret: string, windowSeconds: number, req: VerifyRequest, nowSeconds = Math.floor(Date.now() / 1000)): SignatureCheck {
  if (!req.timestamp || !req.nonce || !req.signature) {
    const missing = [['X-Sphere-Timestamp', req.timestamp], ['X-Sphere-Nonce', req.nonce], ['X-Sphere-Signature', req.signature]]
      .filter(([, v]) => !v).map(([k]) => k);
    return { ok: false, code: 'missing_headers', reason: `missing header(s): ${missing.join(', ')}` };
  }
  if (!/^\d{1,12}$/.test(req.timestamp)) return { ok: false, code: 'malformed_header', reason: 'X-Sphere-Timestamp must be unix seconds' };
  if (!/^[0-9a-fA-F]{16,128}$/.test(req.nonce)) return { ok: false, code: 'malformed_header', reason: 'X-Sphere-Nonce must be 16 to 128 hex characters' };
  const skew = Math.abs(nowSeconds - Number(req.timestamp));
  if (skew > windowSeconds) return { ok: false, code: 'stale_timestamp', reason: `timestamp outside the allowed window of ±${windowSeconds} s (off by ${skew} s)` };
  const expected = Buffer.from(signature(secret, req.method, req.pathWithQuery, req.timestamp, req.nonce, req.body));
  const given = Buffer.from(req.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, code: 'bad_signature', reason: 'signature does not match the request' };
  return { ok: true, nonce: req.nonce, issuedAt: Number(req.timestamp) };
}

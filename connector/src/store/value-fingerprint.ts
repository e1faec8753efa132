// Provenance keeps a fingerprint of the value it describes instead of the value: enough for a decision to tell whether
// the field still holds what was collected (an address changed since its sale was recorded was not obtained in that sale).
import { createHash } from 'node:crypto';

// SuiteCRM keeps one email_addresses row per address compared case-insensitively (email_address_caps).
const EMAIL_FIELD = /^email\d*$/;

/** sha256 (hex) of the value as SuiteCRM compares it; null for an empty value, which describes nothing. */
export function valueFingerprint(field: string, value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const normal = EMAIL_FIELD.test(field) ? trimmed.toLowerCase() : trimmed;
  return createHash('sha256').update(normal).digest('hex');
}

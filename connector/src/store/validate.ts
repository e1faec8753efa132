// Input checking for records written through the store: accepts camelCase or snake_case keys, collects every problem,
// and throws one error naming the fields so the caller can answer 4xx without anything having been written.
import { isoTime } from './iso-time';

export class StoreValidationError extends Error {
  constructor(readonly kind: string, readonly details: string[]) {
    super(`invalid ${kind}: ${details.join('; ')}`);
    this.name = 'StoreValidationError';
  }
}

/** A change the record's current state does not allow (e.g. withdrawing a consent twice); nothing was written. */
export class StoreConflictError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'StoreConflictError';
  }
}

const camel = (key: string): string => (key.includes('_') ? key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()) : key);

export function camelKeys(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(input)) out[camel(k)] = input[k];
  return out;
}

/** Reads fields of one record and remembers what is wrong with them. */
export class FieldReader {
  readonly errors: string[] = [];
  constructor(private readonly kind: string, private readonly data: Record<string, unknown>) {}

  /** The value of `key`; undefined when it is absent, null or empty. */
  private present(key: string): unknown {
    const v = this.data[key];
    return v === null || v === '' ? undefined : v;
  }

  string(key: string, opts: { required?: boolean; max?: number } = {}): string | null {
    const v = this.present(key);
    if (v === undefined) {
      if (opts.required) this.errors.push(`${key} is required`);
      return null;
    }
    if (typeof v !== 'string' && typeof v !== 'number') {
      this.errors.push(`${key} must be a string`);
      return null;
    }
    const s = String(v);
    if (opts.max && s.length > opts.max) this.errors.push(`${key} is longer than ${opts.max} characters`);
    return s;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], opts: { required?: boolean; fallback?: T } = {}): T | null {
    const s = this.string(key, { required: opts.required && opts.fallback === undefined });
    if (s === null) return opts.fallback ?? null;
    if (!(allowed as readonly string[]).includes(s)) {
      this.errors.push(`${key} must be one of ${allowed.join(', ')} (got ${JSON.stringify(s)})`);
      return null;
    }
    return s as T;
  }

  /** Any parseable date/time becomes an ISO-8601 UTC string. */
  timestamp(key: string, opts: { required?: boolean } = {}): string | null {
    const v = this.present(key);
    if (v === undefined) {
      if (opts.required) this.errors.push(`${key} is required`);
      return null;
    }
    const d = v instanceof Date ? v : typeof v === 'string' || typeof v === 'number' ? new Date(v) : new Date(NaN);
    if (Number.isNaN(d.getTime())) {
      this.errors.push(`${key} is not a valid date/time (got ${JSON.stringify(v)})`);
      return null;
    }
    return isoTime(d);
  }

  boolean(key: string, fallback: boolean): boolean {
    const v = this.data[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'boolean') return v;
    if (v === 1 || v === 0 || v === '1' || v === '0') return v === 1 || v === '1';
    this.errors.push(`${key} must be a boolean`);
    return fallback;
  }

  stringList(key: string): string[] {
    const v = this.data[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      this.errors.push(`${key} must be a list of strings`);
      return [];
    }
    return v as string[];
  }

  /** Records a problem found across fields (e.g. dates that contradict each other). */
  invalid(message: string): void {
    this.errors.push(message);
  }

  /** Throws when anything read so far was wrong. */
  done(): void {
    if (this.errors.length > 0) throw new StoreValidationError(this.kind, this.errors);
  }
}

// Connector configuration: environment variables over an optional JSON file (SPHERE_CONFIG), validated once at start.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import Ajv from 'ajv';

export interface ConnectorConfig {
  host: string;
  port: number;
  db: string;
  sharedSecret: string;
  policyDir: string;
  seedDemo: boolean;
  maxBodyBytes: number;
  replayWindowSeconds: number;
  logLevel: string;
  /** worker threads that decide batches of 64+ events; 0 decides them on the main thread */
  decisionWorkers: number;
  /** Who gets the weekly DPO report by e-mail (with smtpUrl: `sphere serve` mails it every Monday 06:00 UTC). */
  reportTo?: string[];
  /** smtp://user:pass@host:587 or smtps://…; holds a password, so it is never logged. */
  smtpUrl?: string;
  /** Sender of the weekly report; default sphere@<SMTP host>. */
  reportFrom?: string;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['host', 'port', 'db', 'sharedSecret', 'policyDir', 'seedDemo', 'maxBodyBytes', 'replayWindowSeconds', 'logLevel', 'decisionWorkers'],
  properties: {
    host: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 0, maximum: 65535 },
    db: { type: 'string', pattern: '^(sqlite:.+|mysql://.+|mariadb://.+)$' },
    sharedSecret: { type: 'string', minLength: 16 },
    policyDir: { type: 'string', minLength: 1 },
    seedDemo: { type: 'boolean' },
    maxBodyBytes: { type: 'integer', minimum: 1024 },
    replayWindowSeconds: { type: 'integer', minimum: 1, maximum: 3600 },
    logLevel: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
    decisionWorkers: { type: 'integer', minimum: 0, maximum: 16 },
    // Addresses and the SMTP URL are checked by reportProblems(), which names the bad value (ajv would only say "pattern").
    reportTo: { type: 'array', items: { type: 'string' } },
    smtpUrl: { type: 'string' },
    reportFrom: { type: 'string' },
  },
} as const;

const validate = new Ajv({ allErrors: true }).compile(schema);

const defaults: Omit<ConnectorConfig, 'sharedSecret'> = {
  host: '127.0.0.1',
  port: 8080,
  db: 'sqlite:.sphere/sphere.sqlite',
  policyDir: 'policies',
  seedDemo: false,
  maxBodyBytes: 5 * 1024 * 1024,
  replayWindowSeconds: 300,
  logLevel: 'info',
  // one per core, a few at most: the main thread keeps the database and the answers
  decisionWorkers: Math.max(1, Math.min(4, availableParallelism())),
};

export class ConfigError extends Error {}

const BOOLEAN_WORDS: ReadonlyMap<string, boolean> = new Map([['1', true], ['0', false], ['true', true], ['false', false], ['yes', true], ['no', false]]);

function fromEnv(env: NodeJS.ProcessEnv): Partial<Record<keyof ConnectorConfig, unknown>> {
  const out: Partial<Record<keyof ConnectorConfig, unknown>> = {};
  // Strict on purpose: Number() would also take "0x1F90", "1e3" or " 80 ", and a typo should stop the start, not change the port.
  const asInteger = (name: string, raw: string): number => {
    if (!/^[+-]?\d+$/.test(raw)) throw new ConfigError(`${name} must be a decimal integer, got "${raw}"`);
    return Number(raw);
  };
  // An unknown word ("on", "enabled") must not silently mean false.
  const asBoolean = (name: string, raw: string): boolean => {
    const value = BOOLEAN_WORDS.get(raw.toLowerCase());
    if (value === undefined) throw new ConfigError(`${name} must be one of ${[...BOOLEAN_WORDS.keys()].join('/')}, got "${raw}"`);
    return value;
  };
  if (env.SPHERE_HOST !== undefined) out.host = env.SPHERE_HOST;
  if (env.SPHERE_PORT !== undefined) out.port = asInteger('SPHERE_PORT', env.SPHERE_PORT);
  if (env.SPHERE_DB !== undefined) out.db = env.SPHERE_DB;
  if (env.SPHERE_SHARED_SECRET !== undefined) out.sharedSecret = env.SPHERE_SHARED_SECRET;
  if (env.SPHERE_POLICY_DIR !== undefined) out.policyDir = env.SPHERE_POLICY_DIR;
  if (env.SPHERE_SEED_DEMO !== undefined) out.seedDemo = asBoolean('SPHERE_SEED_DEMO', env.SPHERE_SEED_DEMO);
  if (env.SPHERE_LOG_LEVEL !== undefined) out.logLevel = env.SPHERE_LOG_LEVEL;
  if (env.SPHERE_DECISION_WORKERS !== undefined) out.decisionWorkers = asInteger('SPHERE_DECISION_WORKERS', env.SPHERE_DECISION_WORKERS);
  if (env.SPHERE_REPORT_TO !== undefined) out.reportTo = env.SPHERE_REPORT_TO.split(',').map((a) => a.trim()).filter((a) => a.length > 0);
  if (env.SPHERE_SMTP_URL !== undefined) out.smtpUrl = env.SPHERE_SMTP_URL;
  if (env.SPHERE_REPORT_FROM !== undefined) out.reportFrom = env.SPHERE_REPORT_FROM;
  return out;
}

function fromFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`SPHERE_CONFIG: cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('top level must be an object');
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`SPHERE_CONFIG: ${file} is not a valid JSON object: ${(err as Error).message}`);
  }
}

// Deliberately plain (local@domain.tld, no spaces or angle brackets): the report goes to a DPO, not to arbitrary input.
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** Masks the credentials of a URL before it is quoted in an error: everything up to the last `@` (a password may hold `/` or `@`). */
const maskCredentials = (url: string): string => url.replace(/\/\/.*@/, '//***@');

/** The weekly report's settings: valid addresses, an smtp(s):// URL with a host, and both or neither of reportTo/smtpUrl. */
function reportProblems(merged: Record<string, unknown>): string[] {
  // Wrong types are ajv's to report; only values of the right type are looked at here.
  const c = {
    reportTo: Array.isArray(merged.reportTo) ? merged.reportTo.filter((a): a is string => typeof a === 'string') : undefined,
    smtpUrl: typeof merged.smtpUrl === 'string' ? merged.smtpUrl : undefined,
    reportFrom: typeof merged.reportFrom === 'string' ? merged.reportFrom : undefined,
  };
  const problems: string[] = [];
  (c.reportTo ?? []).forEach((address, i) => {
    if (!EMAIL.test(address)) problems.push(`reportTo/${i}: ${JSON.stringify(address)} is not an e-mail address (SPHERE_REPORT_TO: comma-separated addresses)`);
  });
  if (c.reportFrom !== undefined && !EMAIL.test(c.reportFrom)) problems.push(`reportFrom: ${JSON.stringify(c.reportFrom)} is not an e-mail address`);
  if (c.smtpUrl !== undefined) {
    let url: URL | null = null;
    try {
      url = new URL(c.smtpUrl);
    } catch {
      problems.push(`smtpUrl: ${JSON.stringify(maskCredentials(c.smtpUrl))} is not a URL; use smtp://user:password@host:587 or smtps://user:password@host:465`);
    }
    if (url && !['smtp:', 'smtps:'].includes(url.protocol)) problems.push(`smtpUrl: the scheme must be smtp:// or smtps://, got ${url.protocol}//`);
    else if (url && !url.hostname) problems.push('smtpUrl: names no host');
  }
  const recipients = (c.reportTo ?? []).length > 0;
  if (recipients && c.smtpUrl === undefined) problems.push('reportTo: the weekly report needs an SMTP server too (set SPHERE_SMTP_URL)');
  if (!recipients && c.smtpUrl !== undefined) problems.push('smtpUrl: the weekly report needs recipients too (set SPHERE_REPORT_TO)');
  return problems;
}

/** Merges defaults < config file < environment and rejects anything invalid with every problem named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ConnectorConfig {
  const merged = { ...defaults, ...(env.SPHERE_CONFIG ? fromFile(env.SPHERE_CONFIG) : {}), ...fromEnv(env) };
  const valid = validate(merged);
  const extra = reportProblems(merged);
  if (!valid || extra.length > 0) {
    const problems = (validate.errors ?? []).map((e) => {
      const where = e.instancePath ? e.instancePath.slice(1) : (e.params as { missingProperty?: string; additionalProperty?: string }).missingProperty ?? (e.params as { additionalProperty?: string }).additionalProperty ?? 'config';
      const hint = where === 'sharedSecret' ? ' (set SPHERE_SHARED_SECRET, at least 16 characters)' : '';
      return `${where}: ${e.message}${hint}`;
    });
    problems.push(...extra);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return merged as ConnectorConfig;
}

// Structured JSON logging (pino). Secrets and personal data are censored by path so no caller can leak them by accident.
import pino, { type Logger } from 'pino';

const REDACT_PATHS = [
  'sharedSecret', '*.sharedSecret', 'secret', '*.secret',
  'req.headers["x-sphere-signature"]', 'headers["x-sphere-signature"]', 'req.headers.authorization',
  'input.record', 'input.changes', 'input.person.email_addresses', 'record', 'changes', 'email_addresses', '*.email', '*.email1',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service: 'sphere-connector' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}

export type { Logger };

// Boundary check of incoming events against policies/schema/event.schema.json (ajv), with messages naming the paths.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { SphereEvent } from '../input/build-input';

const schemaPath = join(__dirname, '..', '..', '..', 'policies', 'schema', 'event.schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as { properties: { event: { enum: string[] } } };
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
export const KNOWN_EVENTS: readonly string[] = schema.properties.event.enum;

export class BadInputError extends Error {
  constructor(readonly code: string, message: string, readonly details: string[] = []) {
    super(message);
  }
}

/** Throws BadInputError for an unknown event or any schema violation; returns the typed event otherwise. */
export function checkEvent(body: unknown, where = ''): SphereEvent {
  const ev = (body as { event?: unknown } | null)?.event;
  if (body !== null && typeof body === 'object' && !Array.isArray(body) && typeof ev === 'string' && !KNOWN_EVENTS.includes(ev)) {
    throw new BadInputError('unknown_event', `${where}unknown event "${ev}"; known events: ${KNOWN_EVENTS.join(', ')}`, [`${where}/event`]);
  }
  if (!validate(body)) {
    const details = (validate.errors ?? []).map((e) => `${where}${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`);
    throw new BadInputError('schema_violation', `${where}event does not match event.schema.json: ${details.slice(0, 5).join('; ')}`, details);
  }
  const event = body as unknown as SphereEvent;
  if (event.event === 'mailing.plan') checkPlanFacts(event, where);
  return event;
}

/** Facts about one person: given for a whole plan they would be claimed for every recipient. */
const PERSONAL_FACTS = ['existing_customer', 'person_type'];

function checkPlanFacts(plan: SphereEvent, where: string): void {
  const personal = PERSONAL_FACTS.filter((f) => plan.facts && f in plan.facts);
  if (personal.length === 0) return;
  throw new BadInputError('schema_violation', `${where}mailing.plan: facts.${personal.join(', facts.')} describes one person; give it per recipient (recipients[i].facts)`,
    personal.map((f) => `${where}/facts/${f}`));
}

// Request bodies for the person routes (consents, provenance), checked with ajv before anything is stored.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { BadInputError } from './validate-event';
import { MAX_PROVENANCE_VALUE } from '../store';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const dateTime = { type: ['string', 'null'], format: 'date-time' };

export const PERSON_MODULES = ['Contacts', 'Leads', 'Prospects', 'Accounts'] as const;
export const PERSON_ID_PATTERN = '^[\\w.-]{1,64}$';
/** Records per POST /v1/provenance, as events per batch. */
export const MAX_RECORDS = 10_000;

const consent = ajv.compile({
  type: 'object',
  required: ['purpose', 'channel', 'method'],
  // A given consent (the default status) says whether the person acted (e.g. ticked the box themselves): a missing
  // value would be stored as false and read by the policies as a pre-ticked box.
  if: { properties: { status: { const: 'given' } } },
  then: { required: ['active_act'] },
  additionalProperties: false,
  properties: {
    purpose: { type: 'string', minLength: 1, maxLength: 100 },
    channel: { enum: ['email', 'phone', 'sms', 'post', 'any'] },
    status: { enum: ['given', 'withdrawn', 'objected'] },
    given_at: dateTime, withdrawn_at: dateTime, expires_at: dateTime,
    method: { enum: ['double_opt_in', 'single_opt_in', 'web_form', 'written', 'verbal', 'social_login', 'import'] },
    active_act: { type: 'boolean' },
    proof_ref: { type: ['string', 'null'], maxLength: 255 },
    proof_hash: { type: ['string', 'null'], maxLength: 128 },
    text_version: { type: ['string', 'null'], maxLength: 64 },
    language: { type: ['string', 'null'], maxLength: 10 },
    source: { type: ['string', 'null'], maxLength: 255 },
    recorded_by: { type: ['string', 'null'], maxLength: 64 },
    // GDPR Art. 8: a minor's consent needs a parent's, documented where this says. The birthdate is checked by the
    // policy when the consent is recorded and not stored with it (SuiteCRM keeps the person's).
    parental_consent_ref: { type: ['string', 'null'], minLength: 1, maxLength: 255 },
    birthdate: { type: ['string', 'null'], format: 'date' },
  },
});

const provenanceProperties = {
  field: { type: 'string', minLength: 1, maxLength: 100 },
  source_type: { type: 'string', minLength: 1, maxLength: 50 },
  source_ref: { type: ['string', 'null'], maxLength: 255 },
  method: { type: ['string', 'null'], maxLength: 50 },
  collected_at: dateTime,
  collected_by: { type: ['string', 'null'], maxLength: 64 },
  legal_basis: { type: ['string', 'null'], maxLength: 100 },
  purpose: { type: ['string', 'null'], maxLength: 100 },
  informed_at: dateTime,
  objection_notice_at: dateTime,
  // the value collected (e.g. the e-mail address): only its fingerprint is stored
  value: { type: ['string', 'null'], maxLength: MAX_PROVENANCE_VALUE },
};

const provenance = ajv.compile({ type: 'object', required: ['field', 'source_type'], additionalProperties: false, properties: provenanceProperties });

/** Provenance of many people at once (the fields of imported rows): each record names its person. */
const provenanceRecords = ajv.compile({
  type: 'object',
  required: ['records'],
  additionalProperties: false,
  properties: {
    records: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_RECORDS,
      items: {
        type: 'object',
        required: ['module', 'person_id', 'field', 'source_type'],
        additionalProperties: false,
        properties: { module: { enum: [...PERSON_MODULES] }, person_id: { type: 'string', pattern: PERSON_ID_PATTERN }, ...provenanceProperties },
      },
    },
  },
});

const approvalDecision = ajv.compile({
  type: 'object',
  required: ['decision'],
  additionalProperties: false,
  properties: { decision: { enum: ['approved', 'rejected'] }, decided_by: { type: 'string', maxLength: 64 }, comment: { type: 'string', maxLength: 2000 } },
});

function check<T>(validate: ReturnType<typeof ajv.compile>, body: unknown, what: string): T {
  if (!validate(body)) {
    const details = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
    throw new BadInputError('schema_violation', `${what}: ${details.join('; ')}`, details);
  }
  return body as T;
}

export const checkConsent = (b: unknown): Record<string, unknown> => check(consent, b, 'invalid consent');
export const checkProvenance = (b: unknown): Record<string, unknown> => check(provenance, b, 'invalid provenance');
export const checkProvenanceRecords = (b: unknown): { records: Array<Record<string, unknown> & { module: string; person_id: string }> } =>
  check(provenanceRecords, b, 'invalid provenance records');
export const checkApprovalDecision = (b: unknown): { decision: 'approved' | 'rejected'; decided_by?: string; comment?: string } => check(approvalDecision, b, 'invalid approval decision');

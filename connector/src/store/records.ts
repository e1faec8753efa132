// Consent and provenance records: validation on the way in, person-scoped listing on the way out.
import type { DataSource, EntitySchema } from 'typeorm';
import { ConsentEntity, ProvenanceEntity } from './entities';
import { camelKeys, FieldReader, StoreConflictError, StoreValidationError } from './validate';
import type { Query } from './committed-reads';
import type { ConsentRecord, NewRecord, ProvenanceRecord, SphereStore } from './types';
import { valueFingerprint } from './value-fingerprint';
import { newRecordId } from './record-id';
import type { Writes } from './write-queue';

export const CONSENT_CHANNELS = ['email', 'phone', 'sms', 'post', 'any'] as const;
export const CONSENT_STATUSES = ['given', 'withdrawn', 'objected'] as const;
export const CONSENT_METHODS = ['double_opt_in', 'single_opt_in', 'web_form', 'written', 'verbal', 'social_login', 'import'] as const;

/** The longest value a provenance record describes: SuiteCRM's text columns (only its fingerprint is kept). */
export const MAX_PROVENANCE_VALUE = 65_535;

// SuiteCRM's clock and the connector's may differ (requests are accepted within the signature's ±5 min window).
const CLOCK_SKEW_MS = 5 * 60_000;

/** Dates that contradict the status or each other would be read one way by the policies and another by people. */
function checkConsentDates(f: FieldReader, c: ConsentRecord): void {
  if (c.status === 'given' && c.withdrawnAt !== null) f.invalid('withdrawnAt must be empty while status is given (a withdrawn consent has status withdrawn)');
  if (c.givenAt !== null && c.expiresAt !== null && Date.parse(c.expiresAt) <= Date.parse(c.givenAt)) f.invalid('expiresAt must be after givenAt');
}

export function checkConsent(input: NewRecord, now: Date): ConsentRecord {
  const f = new FieldReader('consent', camelKeys(input));
  const status = f.oneOf('status', CONSENT_STATUSES, { fallback: 'given' }) ?? 'given';
  const record: ConsentRecord = {
    id: f.string('id', { max: 36 }) ?? newRecordId(),
    personModule: f.string('personModule', { required: true, max: 32 }) ?? '',
    personId: f.string('personId', { required: true, max: 64 }) ?? '',
    purpose: f.string('purpose', { required: true, max: 100 }) ?? '',
    channel: f.oneOf('channel', CONSENT_CHANNELS, { required: true }) ?? 'any',
    status,
    givenAt: f.timestamp('givenAt'),
    // a withdrawal recorded without its time is taken as happening now
    withdrawnAt: f.timestamp('withdrawnAt') ?? (status === 'withdrawn' ? now.toISOString() : null),
    expiresAt: f.timestamp('expiresAt'),
    method: f.oneOf('method', CONSENT_METHODS),
    activeAct: f.boolean('activeAct', false),
    proofRef: f.string('proofRef', { max: 255 }),
    proofHash: f.string('proofHash', { max: 128 }),
    textVersion: f.string('textVersion', { max: 100 }),
    language: f.string('language', { max: 16 }),
    source: f.string('source', { max: 255 }),
    recordedBy: f.string('recordedBy', { max: 100 }),
    lastUsedAt: f.timestamp('lastUsedAt'),
    parentalConsentRef: f.string('parentalConsentRef', { max: 255 }),
    createdAt: f.timestamp('createdAt') ?? now.toISOString(),
  };
  checkConsentDates(f, record);
  f.done();
  return record;
}

export function checkProvenance(input: NewRecord, now: Date): ProvenanceRecord {
  const f = new FieldReader('provenance', camelKeys(input));
  const field = f.string('field', { required: true, max: 100 }) ?? '';
  const value = f.string('value', { max: MAX_PROVENANCE_VALUE });
  const record: ProvenanceRecord = {
    id: f.string('id', { max: 36 }) ?? newRecordId(),
    personModule: f.string('personModule', { required: true, max: 32 }) ?? '',
    personId: f.string('personId', { required: true, max: 64 }) ?? '',
    field,
    sourceType: f.string('sourceType', { required: true, max: 64 }) ?? '',
    sourceRef: f.string('sourceRef', { max: 255 }),
    method: f.string('method', { max: 64 }),
    collectedAt: f.timestamp('collectedAt'),
    collectedBy: f.string('collectedBy', { max: 100 }),
    legalBasis: f.string('legalBasis', { max: 255 }),
    purpose: f.string('purpose', { max: 100 }),
    informedAt: f.timestamp('informedAt'),
    objectionNoticeAt: f.timestamp('objectionNoticeAt'),
    valueHash: value === null ? null : valueFingerprint(field, value),
    createdAt: f.timestamp('createdAt') ?? now.toISOString(),
  };
  // a notice dated ahead would close the Art. 14 obligation before the person was told
  if (record.informedAt !== null && Date.parse(record.informedAt) > now.getTime() + CLOCK_SKEW_MS) f.invalid('informedAt must not be in the future');
  if (record.objectionNoticeAt !== null && Date.parse(record.objectionNoticeAt) > now.getTime() + CLOCK_SKEW_MS) f.invalid('objectionNoticeAt must not be in the future');
  f.done();
  return record;
}

const asConsent = (row: ConsentRecord): ConsentRecord => ({ ...row, activeAct: Boolean(row.activeAct) });

function notWithdrawable(c: ConsentRecord): StoreConflictError {
  if (c.status === 'objected') {
    return new StoreConflictError('objection_not_withdrawable',
      `consent ${c.id} is an objection (status objected), not a consent; an objection cannot be withdrawn (record a new consent if the person now agrees)`);
  }
  return new StoreConflictError('already_withdrawn', `consent ${c.id} was already withdrawn at ${c.withdrawnAt ?? 'an unknown time'}`);
}

// Ids per IN (…) query: well below SQLite's and MariaDB's placeholder limits.
const IDS_PER_QUERY = 500;
// 13 columns per provenance row: 500 rows stay below those limits too.
const ROWS_PER_INSERT = 500;

/**
 * A person's rows (oldest first, as created_at, id) in plain SQL: building the ORM query cost more than running it, on
 * every decision. Columns, their order and the value conversion (booleans) come from the entity, so the records are
 * the ones repository.find() returns.
 */
function personRows<T extends { personId: string }>(ds: DataSource, query: Query, entity: EntitySchema<T>) {
  const meta = ds.getMetadata(entity);
  const columns = meta.columns.map((c) => ({ property: c.propertyName, name: c.databaseName, boolean: c.type === 'boolean' || c.type === Boolean }));
  const select = `SELECT ${columns.map((c) => c.name).join(', ')} FROM ${meta.tableName} WHERE person_module = ? AND person_id`;
  const order = 'ORDER BY created_at ASC, id ASC';
  const hydrate = (raw: Record<string, unknown>): T => {
    const record: Record<string, unknown> = {};
    for (const c of columns) {
      const value = raw[c.name];
      if (value !== undefined) record[c.property] = c.boolean && value !== null ? Boolean(value) : value;
    }
    return record as T;
  };
  return {
    async list(module: string, id: string): Promise<T[]> {
      const rows = await query(`${select} = ? ${order}`, [module, id]);
      return rows.map(hydrate);
    },
    /** Rows of many people, grouped by person id in the stored order; every requested id gets a (maybe empty) list. */
    async listMany(module: string, ids: string[]): Promise<Map<string, T[]>> {
      const byPerson = new Map<string, T[]>(ids.map((id) => [id, []]));
      const unique = [...byPerson.keys()];
      for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
        const part = unique.slice(i, i + IDS_PER_QUERY);
        const rows = await query(`${select} IN (${part.map(() => '?').join(', ')}) ${order}`, [module, ...part]);
        for (const row of rows) {
          const record = hydrate(row);
          byPerson.get(record.personId)?.push(record);
        }
      }
      return byPerson;
    },
  };
}

/** `reads`: a person's rows are read as committed (committed-reads.ts). */
export function consentStore(ds: DataSource, writes: Writes, reads: Query): SphereStore['consents'] {
  const repo = ds.getRepository(ConsentEntity);
  const rows = personRows(ds, reads, ConsentEntity);
  return {
    async list(module, id) {
      return (await rows.list(module, id)).map(asConsent);
    },
    async listMany(module, ids) {
      const grouped = await rows.listMany(module, ids);
      return new Map([...grouped].map(([id, records]) => [id, records.map(asConsent)]));
    },
    check(input) {
      return checkConsent(input, new Date());
    },
    add: (input) => writes(async () => {
      const record = checkConsent(input, new Date());
      await repo.insert(record);
      return record;
    }),
    withdraw: (module, id, consentId, at) => writes(async () => {
      const f = new FieldReader('withdrawal', { at });
      const withdrawnAt = f.timestamp('at', { required: true }) ?? '';
      f.done();
      const find = () => repo.findOneBy({ id: consentId, personModule: module, personId: id });
      const current = await find();
      if (!current) return null;
      // only while still given: the status condition keeps a concurrent second withdrawal from moving the time
      if (current.status === 'given' && (await repo.update({ id: consentId, status: 'given' }, { status: 'withdrawn', withdrawnAt })).affected === 1) {
        return asConsent({ ...current, status: 'withdrawn', withdrawnAt });
      }
      throw notWithdrawable(current.status === 'given' ? (await find()) ?? current : current);
    }),
  };
}

/** `reads`: a person's rows are read as committed (committed-reads.ts). */
export function provenanceStore(ds: DataSource, writes: Writes, reads: Query): SphereStore['provenance'] {
  const repo = ds.getRepository(ProvenanceEntity);
  const rows = personRows(ds, reads, ProvenanceEntity);
  return {
    list: (module, id) => rows.list(module, id),
    listMany: (module, ids) => rows.listMany(module, ids),
    add: (input) => writes(async () => {
      const record = checkProvenance(input, new Date());
      await repo.insert(record);
      return record;
    }),
    addMany: (inputs) => writes(async () => {
      const now = new Date();
      // every record is checked before any is stored, and all are stored in one transaction
      const records = inputs.map((input, i) => {
        try {
          return checkProvenance(input, now);
        } catch (err) {
          if (err instanceof StoreValidationError) throw new StoreValidationError(`provenance #${i}`, err.details);
          throw err;
        }
      });
      await ds.transaction(async (manager) => {
        for (let i = 0; i < records.length; i += ROWS_PER_INSERT) await manager.insert(ProvenanceEntity, records.slice(i, i + ROWS_PER_INSERT));
      });
      return records;
    }),
  };
}

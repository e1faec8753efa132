// SuiteCRM's own GDPR facts for a person, read from SuiteCRM's tables when the store shares its MariaDB database.
import type { DataSource } from 'typeorm';
import type { SphereStore, SuiteCrmEmailAddress, SuiteCrmFacts } from './types';

const PERSON_TABLES: Record<string, string> = { Contacts: 'contacts', Leads: 'leads', Prospects: 'prospects' };
const ACCOUNT_TABLE = 'accounts';

/** SuiteCRM multienum encoding `^consent^,^contract^`. */
export function decodeMultienum(value: string | null): string[] {
  if (!value) return [];
  return value.split(',').map((v) => v.trim().replace(/^\^|\^$/g, '')).filter((v) => v !== '');
}

/** SuiteCRM stores UTC `Y-m-d H:i:s`. */
const utc = (value: string | null): string | null => (value ? `${value.replace(' ', 'T')}Z` : null);

type FactsReaders = Pick<SphereStore, 'suitecrmFacts' | 'suitecrmFactsMany'>;

// Ids per IN (…) query: well below MariaDB's placeholder limit.
const IDS_PER_QUERY = 500;

export function suitecrmFactsReader(ds: DataSource): FactsReaders {
  if (!['mysql', 'mariadb'].includes(ds.options.type)) return { suitecrmFacts: async () => null, suitecrmFactsMany: async () => new Map() };
  let tables: Promise<Set<string>> | null = null;
  const knownTables = (): Promise<Set<string>> => {
    tables ??= ds.query(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()
         AND table_name IN ('contacts', 'leads', 'prospects', 'accounts', 'email_addresses', 'email_addr_bean_rel')`,
    ).then((rows: Array<{ name: string }>) => new Set(rows.map((r) => r.name)), (err: unknown) => { tables = null; throw err; });
    return tables;
  };

  /** Each person's addresses, primary first, then by address. */
  async function emailAddresses(module: string, ids: string[]): Promise<Map<string, SuiteCrmEmailAddress[]>> {
    const rows: Array<Record<string, string | number | null>> = await ds.query(
      `SELECT rel.bean_id, ea.email_address, rel.primary_address, ea.opt_out, ea.invalid_email, ea.confirm_opt_in,
              ea.confirm_opt_in_date, ea.confirm_opt_in_sent_date
         FROM email_addr_bean_rel rel JOIN email_addresses ea ON ea.id = rel.email_address_id AND ea.deleted = 0
        WHERE rel.bean_id IN (${ids.map(() => '?').join(', ')}) AND rel.bean_module = ? AND rel.deleted = 0
        ORDER BY rel.bean_id, rel.primary_address DESC, ea.email_address`, [...ids, module]);
    const byPerson = new Map<string, SuiteCrmEmailAddress[]>();
    for (const r of rows) {
      const list = byPerson.get(String(r.bean_id)) ?? [];
      list.push({
        address: String(r.email_address),
        primary: Number(r.primary_address) === 1,
        opt_out: Number(r.opt_out) === 1,
        invalid: Number(r.invalid_email) === 1,
        confirm_opt_in: (r.confirm_opt_in as string | null) ?? 'not-opt-in',
        confirm_opt_in_date: utc(r.confirm_opt_in_date as string | null),
        confirm_opt_in_sent_date: utc(r.confirm_opt_in_sent_date as string | null),
      });
      byPerson.set(String(r.bean_id), list);
    }
    return byPerson;
  }

  /** Facts of the people that exist (not deleted) among ids, in IN (…) queries: a mailing plan asks for thousands. */
  async function many(module: string, ids: string[]): Promise<Map<string, SuiteCrmFacts>> {
    const out = new Map<string, SuiteCrmFacts>();
    const present = await knownTables();
    const table = PERSON_TABLES[module] ?? (module === 'Accounts' ? ACCOUNT_TABLE : undefined);
    if (!table || !present.has(table)) return out;
    const withEmails = present.has('email_addresses') && present.has('email_addr_bean_rel');
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
      const part = unique.slice(i, i + IDS_PER_QUERY);
      const marks = part.map(() => '?').join(', ');
      const people: Array<Record<string, string | number | null>> = table === ACCOUNT_TABLE
        ? await ds.query(`SELECT id FROM accounts WHERE id IN (${marks}) AND deleted = 0`, part)
        : await ds.query(`SELECT id, lawful_basis, lawful_basis_source, date_reviewed, do_not_call, birthdate FROM \`${table}\` WHERE id IN (${marks}) AND deleted = 0`, part);
      if (people.length === 0) continue;
      const emails = withEmails ? await emailAddresses(module, people.map((p) => String(p.id))) : new Map<string, SuiteCrmEmailAddress[]>();
      for (const row of people) {
        out.set(String(row.id), {
          lawful_basis: table === ACCOUNT_TABLE ? null : decodeMultienum(row.lawful_basis as string | null),
          lawful_basis_source: (row.lawful_basis_source as string | null | undefined) || null,
          date_reviewed: (row.date_reviewed as string | null | undefined) ?? null,
          do_not_call: row.do_not_call === undefined ? null : Number(row.do_not_call) === 1,
          birthdate: (row.birthdate as string | null | undefined) ?? null,
          email_addresses: emails.get(String(row.id)) ?? [],
        });
      }
    }
    return out;
  }

  return {
    suitecrmFacts: async (module, id) => (await many(module, [id])).get(id) ?? null,
    suitecrmFactsMany: many,
  };
}

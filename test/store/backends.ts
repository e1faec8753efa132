// Both store backends for the store suites: a temp SQLite file and a fresh database on the run's real MariaDB.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, type NewDecision, type SphereStore, type StoreConfig } from '../../connector/src/store';
import { startMariaDb } from '../support/mariadb';

export interface Backend {
  name: 'sqlite' | 'mariadb';
  /** A fresh, migrated, empty database each call. */
  fresh(): Promise<{ store: SphereStore; config: StoreConfig; exec(sql: string, params?: unknown[]): Promise<void>; dispose(): Promise<void> }>;
}

let counter = 0;

export const BACKENDS: Backend[] = [
  {
    name: 'sqlite',
    async fresh() {
      const dir = mkdtempSync(join(tmpdir(), 'sphere-store-'));
      const config: StoreConfig = { type: 'sqlite', file: join(dir, 'sphere.sqlite') };
      const store = await openStore(config, { migrate: true });
      return {
        store, config,
        async exec(sql, params = []) {
          const db = new Database(config.file);
          try { db.prepare(sql).run(...params); } finally { db.close(); }
        },
        async dispose() { await store.close(); rmSync(dir, { recursive: true, force: true }); },
      };
    },
  },
  {
    name: 'mariadb',
    async fresh() {
      const maria = await startMariaDb();
      const name = `store_${process.pid}_${++counter}`;
      const config: StoreConfig = { type: 'mariadb', url: await maria.createDatabase(name) };
      const store = await openStore(config, { migrate: true });
      return {
        store, config,
        async exec(sql, params = []) {
          const conn = await maria.adminConnection(name);
          try { await conn.query(sql, params); } finally { await conn.end(); }
        },
        async dispose() { await store.close(); },
      };
    },
  },
];

export function decisions(count: number, start = 0, person = 'contact-1'): NewDecision[] {
  return Array.from({ length: count }, (_, k) => {
    const i = start + k;
    return {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      at: new Date(Date.UTC(2026, 3, 1, 8, 0, 0, i)).toISOString(),
      event: 'record.save', module: 'Contacts', recordId: person, personModule: 'Contacts', personId: person,
      outcome: i % 3 === 0 ? 'deny' : 'allow', rules: i % 3 === 0 ? ['consent.missing'] : [], revision: 'rev-1',
      input: { record: { email1: '***' }, n: i }, decision: { outcome: i % 3 === 0 ? 'deny' : 'allow' }, actorId: '1',
    };
  });
}

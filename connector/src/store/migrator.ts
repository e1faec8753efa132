// Migration commands on an open DataSource: status, up (all pending), down (last one or all).
import type { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';

export interface MigrationState { name: string; applied: boolean }

export async function migrationStatus(ds: DataSource): Promise<MigrationState[]> {
  // a query runner holds a pooled connection on MariaDB until released: `down --all` asks once per migration
  const qr = ds.createQueryRunner();
  let hasTable: boolean;
  try {
    hasTable = await qr.hasTable('sphere_migrations');
  } finally {
    await qr.release();
  }
  const applied = new Set<string>(hasTable ? (await ds.query('SELECT name FROM sphere_migrations')).map((r: { name: string }) => r.name) : []);
  return MIGRATIONS.map((M) => new M().name).map((name) => ({ name, applied: applied.has(name) }));
}

export async function migrateUp(ds: DataSource): Promise<string[]> {
  return (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
}

/** Reverts the most recent migration, or every applied one with `all`; returns how many were reverted. */
export async function migrateDown(ds: DataSource, all: boolean): Promise<number> {
  let reverted = 0;
  do {
    const applied = (await migrationStatus(ds)).filter((m) => m.applied).length;
    if (applied === 0) break;
    await ds.undoLastMigration({ transaction: 'each' });
    reverted += 1;
  } while (all);
  return reverted;
}

// `sphere migrate up|down|status`: Sphere's schema (and SuiteCRM custom fields on MariaDB) with progress per migration.
import type { Command } from 'commander';
import { openStore, type SphereStore } from '../../store';
import { openDataSource, parseDbUrl } from '../../store/datasource';
import { migrateDown, migrateUp, migrationStatus } from '../../store/migrator';

export const DEFAULT_DB = 'sqlite:.sphere/sphere.sqlite';
export const dbOption = ['--db <url>', 'database: sqlite:<file> or mysql://user:password@host:port/database (default: $SPHERE_DB or sqlite:.sphere/sphere.sqlite)'] as const;
const resolveDb = (db: string | undefined): string => db ?? process.env.SPHERE_DB ?? DEFAULT_DB;

/** Opens the store `--db` names for one command and closes it afterwards, also when the command fails. */
export async function withStore<T>(db: string | undefined, use: (store: SphereStore) => Promise<T>): Promise<T> {
  const store = await openStore(parseDbUrl(resolveDb(db)));
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

async function withDataSource(db: string | undefined, task: (ds: Awaited<ReturnType<typeof openDataSource>>) => Promise<void>): Promise<void> {
  const ds = await openDataSource(parseDbUrl(resolveDb(db)), (message) => console.log(`  ${message}`));
  try {
    await task(ds);
  } finally {
    await ds.destroy();
  }
}

export function registerMigrateCommands(program: Command): void {
  const migrate = program.command('migrate').description('apply or revert database migrations');
  migrate.command('up').description('apply all pending migrations').option(...dbOption)
    .action((opts: { db?: string }) => withDataSource(opts.db, async (ds) => {
      const pending = (await migrationStatus(ds)).filter((m) => !m.applied);
      console.log(pending.length ? `applying ${pending.length} migration(s)…` : 'database is up to date');
      const applied = await migrateUp(ds);
      if (applied.length) console.log(`applied ${applied.length} migration(s)`);
    }));
  migrate.command('down').description('revert the most recent migration (or all with --all)').option(...dbOption)
    .option('--all', 'revert every applied migration')
    .action((opts: { db?: string; all?: boolean }) => withDataSource(opts.db, async (ds) => {
      const reverted = await migrateDown(ds, opts.all === true);
      console.log(reverted ? `reverted ${reverted} migration(s)` : 'no applied migrations to revert');
    }));
  migrate.command('status').description('list migrations and whether they are applied').option(...dbOption)
    .action((opts: { db?: string }) => withDataSource(opts.db, async (ds) => {
      for (const m of await migrationStatus(ds)) console.log(`${m.applied ? '[x]' : '[ ]'} ${m.name}`);
    }));
}

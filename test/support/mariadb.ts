// Real MariaDB for integration tests: installs mariadb-server from Debian when missing, initialises a throw-away data
// directory, serves on a free loopback port with a password-protected user, loads the SuiteCRM 7.14 fixture, and is
// killed on process exit so no server outlives the tests. One server per test run (module-level singleton).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';

export interface MariaDb {
  /** mysql://sphere:…@127.0.0.1:<port>/suitecrm — SuiteCRM schema and data loaded. */
  url: string;
  port: number;
  /** A fresh empty database (optionally with the SuiteCRM fixture) for tests that must not share state. */
  createDatabase(name: string, options?: { suitecrm?: boolean }): Promise<string>;
  /** Root connection over the socket, for assertions and tampering; caller closes it. */
  adminConnection(database?: string): Promise<Connection>;
  stop(): Promise<void>;
}

const FIXTURE_DIR = join(__dirname, '..', 'fixtures', 'suitecrm');
const READY_ATTEMPTS = 300;

function has(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

function ensureInstalled(): void {
  if (has('mariadbd') || has('mysqld')) return;
  const result = spawnSync('flock', ['/tmp/sphere-apt.lock', 'sh', '-c', 'apt-get update -q && apt-get install -y -q mariadb-server'],
    { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) throw new Error('could not install mariadb-server with apt-get (run as root, or install it beforehand)');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];

export function sqlFixture(name: 'schema.sql' | 'data.sql'): string {
  return readFileSync(join(FIXTURE_DIR, name), 'utf8');
}

/** A dedicated server (e.g. one a test stops on purpose); most tests share startMariaDb(). */
export async function launchMariaDb(): Promise<MariaDb> {
  ensureInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'sphere-mariadb-'));
  const datadir = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const install = spawnSync(has('mariadb-install-db') ? 'mariadb-install-db' : 'mysql_install_db',
    ['--no-defaults', `--datadir=${datadir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...asRoot], { encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr || install.stdout}`);

  const port = await freePort();
  const server: ChildProcess = spawn(has('mariadbd') ? 'mariadbd' : 'mysqld', [
    '--no-defaults', `--datadir=${datadir}`, `--socket=${socket}`, `--port=${port}`, '--bind-address=127.0.0.1',
    `--pid-file=${join(dir, 'mariadbd.pid')}`, `--log-error=${join(dir, 'error.log')}`, '--skip-log-bin',
    '--innodb-buffer-pool-size=32M', '--innodb-log-file-size=16M', '--max-connections=60', ...asRoot,
  ], { stdio: 'ignore' });
  let exited = false;
  server.once('exit', () => { exited = true; });
  const cleanup = (): void => {
    if (!exited) server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', cleanup);

  const admin = (database?: string): Promise<Connection> =>
    createConnection({ socketPath: socket, user: 'root', database, multipleStatements: true, dateStrings: true });
  let root: Connection | null = null;
  for (let attempt = 0; !root; attempt++) {
    if (exited) throw new Error(`mariadbd exited during start-up: ${readFileSync(join(dir, 'error.log'), 'utf8').slice(-2000)}`);
    try {
      root = await admin();
    } catch (err) {
      if (attempt >= READY_ATTEMPTS) throw new Error(`mariadbd did not accept connections: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const password = randomBytes(12).toString('hex');
  await root.query(`CREATE USER 'sphere'@'127.0.0.1' IDENTIFIED BY '${password}'`);
  await root.end();

  const createDatabase = async (name: string, options: { suitecrm?: boolean } = {}): Promise<string> => {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`invalid test database name ${JSON.stringify(name)}`);
    const conn = await admin();
    try {
      await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4; GRANT ALL ON \`${name}\`.* TO 'sphere'@'127.0.0.1'`);
      if (options.suitecrm) {
        await conn.query(`USE \`${name}\``);
        await conn.query(sqlFixture('schema.sql'));
        await conn.query(sqlFixture('data.sql'));
      }
    } finally {
      await conn.end();
    }
    return `mysql://sphere:${password}@127.0.0.1:${port}/${name}`;
  };

  const url = await createDatabase('suitecrm', { suitecrm: true });
  return {
    url, port, createDatabase, adminConnection: admin,
    async stop() {
      process.removeListener('exit', cleanup);
      if (!exited) {
        const gone = new Promise((r) => server.once('exit', r));
        server.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let shared: Promise<MariaDb> | null = null;

/** The run's MariaDB, started on first use and stopped when the process exits. */
export function startMariaDb(): Promise<MariaDb> {
  shared ??= launchMariaDb().catch((err) => { shared = null; throw err; });
  return shared;
}

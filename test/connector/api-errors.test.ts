// The final error answer: database failures stay 503 "storage unavailable"; anything else (a bug) answers 500
// internal_error, is logged with its stack but without its message, and both count as unchecked.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CannotExecuteNotConnectedError, QueryFailedError } from 'typeorm';
import { openStore, type SphereStore } from '../../connector/src/store';
import { isStorageError, withoutQuotedValues } from '../../connector/src/api/storage-errors';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { startApp, type InProcessApp } from '../support/in-process-app';

const PATH = '/v1/persons/Contacts/c-1/consents';
const UNCHECKED = { outcome: 'unchecked', error: 'the privacy check could not be completed (storage unavailable)' };
const INTERNAL = { outcome: 'unchecked', error: 'internal_error', message: 'the privacy check could not be completed (internal error)' };

/** A real better-sqlite3 error: a folder opened as the database file. */
function sqliteCantOpen(): Error {
  try {
    new Database(tmpdir());
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected SQLite to fail');
}

/** The error mysql2 gives when MariaDB is not listening (see test/store/unreachable.test.ts). */
const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect', fatal: true });

describe('storage failures and internal errors', function () {
  this.timeout(60_000);
  let dir: string;
  let store: SphereStore;
  let app: InProcessApp | null = null;
  /** The app on the real store, with consents.list replaced by one that throws `err`. */
  const failingList = async (err: () => unknown): Promise<InProcessApp> => {
    app = await startApp({ ...store, consents: { ...store.consents, list: async () => { throw err(); } } });
    return app;
  };
  const unchecked = async (a: InProcessApp): Promise<number> => (await a.metrics.unchecked.get()).values[0]?.value ?? 0;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sphere-errors-'));
    store = await openStore({ type: 'sqlite', file: join(dir, 'sphere.sqlite') }, { migrate: true });
  });
  afterEach(async () => {
    await app?.close();
    app = null;
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a bug (a plain TypeError from a store method) answers 500 internal_error, counted unchecked, logged with its stack and no message', async () => {
    const a = await failingList(() => new TypeError("Cannot read properties of undefined (reading 'Muster')"));
    const res = await a.request('GET', PATH);
    assert.equal(res.status, 500, res.text);
    assert.deepEqual(res.json, INTERNAL);
    assert.equal(await unchecked(a), 1);
    const logged = a.logs.find((l) => l.msg === 'internal error; answered unchecked');
    assert.ok(logged, JSON.stringify(a.logs));
    assert.equal(logged.level, 50);
    assert.equal(logged.err.type, 'TypeError');
    assert.match(logged.err.stack, /^at .*api-errors\.test\.ts:\d+:\d+/m, 'the stack names where it was thrown');
    assert.doesNotMatch(JSON.stringify(logged), /Muster/, 'the message (which may carry request data) is not logged');
    assert.equal(logged.path, PATH);
  });

  it('a QueryFailedError around a value the driver cannot bind is a bug too (500)', async () => {
    const a = await failingList(() => new QueryFailedError('SELECT ?', [{}], new TypeError('SQLite3 can only bind numbers, strings, bigints, buffers, and null')));
    assert.deepEqual((await a.request('GET', PATH)).json, INTERNAL);
  });

  for (const [what, err] of [
    ['SQLITE_BUSY inside a QueryFailedError', () => new QueryFailedError('INSERT …', [], Object.assign(new Error('database is locked'), { name: 'SqliteError', code: 'SQLITE_BUSY' }))],
    ['a raw SQLITE_CANTOPEN', sqliteCantOpen],
    ['ECONNREFUSED from mysql2', refused],
    ['TypeORM without a connection', () => new CannotExecuteNotConnectedError()],
  ] as const) {
    it(`a database failure (${what}) stays 503 storage unavailable, counted unchecked`, async () => {
      const a = await failingList(err);
      const res = await a.request('GET', PATH);
      assert.equal(res.status, 503, res.text);
      assert.deepEqual(res.json, UNCHECKED);
      assert.equal(await unchecked(a), 1);
      assert.ok(a.logs.some((l) => l.msg === 'storage unavailable; answered unchecked'));
    });
  }

  it('tells the errors the store produces when its database is gone from other errors', () => {
    assert.deepEqual([sqliteCantOpen().name, (sqliteCantOpen() as { code?: string }).code], ['SqliteError', 'SQLITE_CANTOPEN']);
    const storage: unknown[] = [
      sqliteCantOpen(), refused(),
      Object.assign(new AggregateError([refused(), refused()], ''), { code: 'ECONNREFUSED' }),
      new AggregateError([refused()], 'all addresses failed'),
      Object.assign(new Error('Connection lost: The server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }),
      Object.assign(new Error("Duplicate entry 'x' for key 'PRIMARY'"), { code: 'ER_DUP_ENTRY', errno: 1062, sqlState: '23000' }),
      new QueryFailedError('SELECT 1', [], new TypeError('The database connection is not open')),
      new QueryFailedError('SELECT 1', [], Object.assign(new Error('Lock wait timeout exceeded'), { code: 'ER_LOCK_WAIT_TIMEOUT' })),
      Object.assign(new Error('wrapped'), { cause: Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }) }),
      new CannotExecuteNotConnectedError(),
    ];
    const others: unknown[] = [new TypeError('x is not a function'), new RangeError('Invalid array length'), new Error('something else'),
      new QueryFailedError('SELECT ?', [], new RangeError('Too many parameter values were provided')), 'a string', null, undefined, { code: 42 }];
    storage.forEach((e, i) => assert.equal(isStorageError(e), true, `storage #${i}: ${String(e)}`));
    others.forEach((e, i) => assert.equal(isStorageError(e), false, `other #${i}: ${String(e)}`));
  });

  it('the OpenAPI document names both answers', () => {
    const doc = parseYaml(readFileSync(join(__dirname, '..', '..', 'connector', 'src', 'api', 'openapi.yaml'), 'utf8'));
    for (const path of ['/v1/decisions', '/v1/decisions/batch', '/v1/provenance']) {
      assert.deepEqual([doc.paths[path].post.responses['500'].$ref, doc.paths[path].post.responses['503'].$ref],
        ['#/components/responses/InternalError', '#/components/responses/Unchecked'], path);
    }
    assert.deepEqual(doc.components.schemas.InternalError.properties.error.enum, ['internal_error']);
    assert.match(doc.components.responses.Unchecked.description, /storage unavailable/);
  });

  it('logs storage messages without the values they quote', () => {
    assert.equal(withoutQuotedValues("Duplicate entry 'anna@example.de' for key 'PRIMARY'"), "Duplicate entry '…' for key '…'");
    assert.equal(withoutQuotedValues('connect ECONNREFUSED 127.0.0.1:3306'), 'connect ECONNREFUSED 127.0.0.1:3306');
  });
});

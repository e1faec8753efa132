import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, ConfigError } from '../../connector/src/config';

const secret = 'a-long-enough-secret-123';

describe('connector configuration', () => {
  it('defaults to loopback, port 8080 and the embedded SQLite file', () => {
    const c = loadConfig({ SPHERE_SHARED_SECRET: secret });
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.port, 8080);
    assert.equal(c.db, 'sqlite:.sphere/sphere.sqlite');
    assert.equal(c.maxBodyBytes, 5 * 1024 * 1024);
    assert.ok(c.decisionWorkers >= 1 && c.decisionWorkers <= 4);
    assert.equal(loadConfig({ SPHERE_SHARED_SECRET: secret, SPHERE_DECISION_WORKERS: '0' }).decisionWorkers, 0);
  });

  it('merges the config file under the environment', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sphere-cfg-')), 'c.json');
    writeFileSync(file, JSON.stringify({ port: 9000, policyDir: 'p', sharedSecret: secret }));
    const c = loadConfig({ SPHERE_CONFIG: file, SPHERE_PORT: '9100' });
    assert.equal(c.port, 9100);
    assert.equal(c.policyDir, 'p');
  });

  it('names every problem: missing secret, bad port, unknown key, unreadable file', () => {
    assert.throws(() => loadConfig({}), (e: Error) => e instanceof ConfigError && /sharedSecret.*SPHERE_SHARED_SECRET/.test(e.message));
    assert.throws(() => loadConfig({ SPHERE_SHARED_SECRET: secret, SPHERE_PORT: 'eighty' }), /SPHERE_PORT must be a decimal integer, got "eighty"/);
    assert.throws(() => loadConfig({ SPHERE_SHARED_SECRET: secret, SPHERE_DB: 'postgres://x' }), /db: must match pattern/);
    assert.throws(() => loadConfig({ SPHERE_SHARED_SECRET: secret, SPHERE_DECISION_WORKERS: '99' }), /decisionWorkers: must be <= 16/);
    const file = join(mkdtempSync(join(tmpdir(), 'sphere-cfg-')), 'c.json');
    writeFileSync(file, JSON.stringify({ colour: 'blue' }));
    assert.throws(() => loadConfig({ SPHERE_SHARED_SECRET: secret, SPHERE_CONFIG: file }), /colour: must NOT have additional properties/);
    assert.throws(() => loadConfig({ SPHERE_CONFIG: '/nonexistent/sphere.json' }), /cannot read \/nonexistent\/sphere.json/);
  });

  it('reads yes/no settings strictly: 1/0/true/false/yes/no, any other word is a clear error', () => {
    for (const [raw, expected] of [['1', true], ['TRUE', true], ['yes', true], ['0', false], ['false', false], ['No', false]] as const) {
      assert.equal(loadConfig({ SPHERE_SHARED_SECRET: secret, SPHERE_SEED_DEMO: raw }).seedDemo, expected, raw);
    }
    for (const raw of ['on', 'off', 'enabled', '', '2']) {
      assert.throws(() => loadConfig({ SPHERE_SHARED_SECRET: secret, SPHERE_SEED_DEMO: raw }),
        (e: Error) => e instanceof ConfigError && e.message === `SPHERE_SEED_DEMO must be one of 1/0/true/false/yes/no, got "${raw}"`, raw);
    }
  });

  it('takes ports and worker counts only as decimal integers', () => {
    assert.equal(loadConfig({ SPHERE_SHARED_SECRET: secret, SPHERE_PORT: '8081' }).port, 8081);
    for (const raw of ['0x1F90', '1e3', '80.0', ' 80', '']) {
      assert.throws(() => loadConfig({ SPHERE_SHARED_SECRET: secret, SPHERE_PORT: raw }), (e: Error) => e instanceof ConfigError && e.message.startsWith('SPHERE_PORT must be a decimal integer'), raw);
    }
    assert.throws(() => loadConfig({ SPHERE_SHARED_SECRET: secret, SPHERE_DECISION_WORKERS: '0x2' }), /SPHERE_DECISION_WORKERS must be a decimal integer/);
    assert.throws(() => loadConfig({ SPHERE_SHARED_SECRET: secret, SPHERE_PORT: '-1' }), /port: must be >= 0/);
  });
});

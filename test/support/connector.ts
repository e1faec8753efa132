// Starts a real connector (`bin/sphere serve`) on a random loopback port with a throw-away SQLite file, plus a signed-request helper.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { signRequest } from '../../connector/src/security/hmac';

export const repoRoot = join(__dirname, '..', '..');

export interface StartOptions {
  /** Policy source folder published at start (default: none, so the test publishes a bundle itself). */
  policyDir?: string;
  seedDemo?: boolean;
  env?: Record<string, string>;
}

export interface RunningConnector {
  url: string;
  secret: string;
  dbFile: string;
  /** The connector's process id (the benchmark reads its threads' CPU time from /proc). */
  pid: number;
  /** Signed request; the body may be an object (sent as JSON), a Buffer or a string. */
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any; text: string }>;
  stop(): Promise<void>;
}

export async function startConnector(options: StartOptions = {}): Promise<RunningConnector> {
  const dir = mkdtempSync(join(tmpdir(), 'sphere-connector-'));
  const dbFile = join(dir, 'sphere.sqlite');
  const secret = randomBytes(24).toString('hex');
  // run as an executable, as an administrator does, so the Node options of its first line apply
  const child: ChildProcess = spawn(join(repoRoot, 'bin', 'sphere'), ['serve'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      SPHERE_HOST: '127.0.0.1', SPHERE_PORT: '0', SPHERE_DB: `sqlite:${dbFile}`, SPHERE_SHARED_SECRET: secret,
      SPHERE_POLICY_DIR: options.policyDir ?? join(dir, 'no-policy-folder'), SPHERE_SEED_DEMO: options.seedDemo ? '1' : '0',
      SPHERE_LOG_LEVEL: 'warn', ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => { stderr += c.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /sphere: listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`connector exited (${code}) before listening:\n${stderr}`)));
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const request: RunningConnector['request'] = async (method, path, body, headers = {}) => {
    const raw = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const res = await fetch(url + path, {
      method,
      headers: { 'Content-Type': Buffer.isBuffer(body) ? 'application/gzip' : 'application/json', ...signRequest(secret, method, path, raw), ...headers },
      body: method === 'GET' ? undefined : new Uint8Array(raw),
    });
    const text = await res.text();
    let json: unknown;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, json, text };
  };
  return { url, secret, dbFile, pid: child.pid as number, request, stop };
}

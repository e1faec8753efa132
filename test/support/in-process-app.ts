// The connector's express app in this process on a given store (no policy loaded), listening on a random loopback port,
// with a signed-request helper that can also resend a captured request's headers (replays) and a captured log.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import { createApp } from '../../connector/src/api/app';
import { loadConfig } from '../../connector/src/config';
import { PolicyEngine } from '../../connector/src/engine/policy-engine';
import { PolicyPublisher } from '../../connector/src/engine/publisher';
import { createLogger } from '../../connector/src/logging';
import { ConnectorMetrics } from '../../connector/src/metrics';
import type { ReplayGuard } from '../../connector/src/security/replay-guard';
import { signRequest, type SignedHeaders } from '../../connector/src/security/hmac';
import type { StorePort } from '../../connector/src/input/store-port';

export interface Answer { status: number; json: any; text: string }

export interface InProcessApp {
  /** The express app itself (its routes, say). */
  app: Express;
  url: string;
  secret: string;
  metrics: ConnectorMetrics;
  /** Every log line as parsed JSON. */
  logs: Array<Record<string, any>>;
  /** Signs `method path body` with a fresh nonce; `headers` are the signed headers that were sent (for a replay). */
  request(method: string, path: string, body?: unknown): Promise<Answer & { headers: SignedHeaders }>;
  /** Sends with the given signed headers as they are (a replay of a captured request). */
  send(method: string, path: string, headers: SignedHeaders, body?: unknown): Promise<Answer>;
  /** Stops listening; the store stays open (the caller owns it). */
  close(): Promise<void>;
}

const raw = (body: unknown): Buffer => (body === undefined ? Buffer.alloc(0) : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)));

export async function startApp(store: StorePort, options: { secret?: string; replay?: ReplayGuard } = {}): Promise<InProcessApp> {
  const secret = options.secret ?? randomBytes(24).toString('hex');
  const config = loadConfig({ SPHERE_SHARED_SECRET: secret, SPHERE_DB: 'sqlite:unused', SPHERE_LOG_LEVEL: 'info' });
  const logs: Array<Record<string, any>> = [];
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line)); done(); } });
  const log = createLogger('info', sink);
  const metrics = new ConnectorMetrics();
  const engine = new PolicyEngine();
  const app = createApp({ config, store, engine, publisher: new PolicyPublisher(store, engine, metrics), metrics, log, replay: options.replay });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const send: InProcessApp['send'] = async (method, path, headers, body) => {
    const res = await fetch(url + path, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: method === 'GET' ? undefined : new Uint8Array(raw(body)) });
    const text = await res.text();
    let json: unknown;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, json, text };
  };
  return {
    app, url, secret, metrics, logs, send,
    async request(method, path, body) {
      const headers = signRequest(secret, method, path, raw(body));
      return { ...(await send(method, path, headers, body)), headers };
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

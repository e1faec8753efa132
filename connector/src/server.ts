// Connector process: config → store → policy (stored active revision; the policy folder when its sources are new) → HTTP on loopback.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { ConnectorConfig } from './config';
import { createLogger, type Logger } from './logging';
import { ConnectorMetrics } from './metrics';
import { PolicyEngine } from './engine/policy-engine';
import { DecisionPool } from './workflows/decision-pool';
import { CrmSummaryWriter } from './workflows/crm-summary';
import { PolicyPublisher } from './engine/publisher';
import type { StorePort } from './input/store-port';
import { createApp } from './api/app';
import { listen } from './api/http-server';
import { seedDemo } from './demo/seed';
import { openStore, type StoreConfig } from './store';
import { scheduleFromConfig } from './report/delivery';

export function storeConfig(db: string): StoreConfig {
  return db.startsWith('sqlite:') ? { type: 'sqlite', file: db.slice('sqlite:'.length) } : { type: 'mariadb', url: db };
}

export async function openConfiguredStore(config: ConnectorConfig): Promise<StorePort> {
  return openStore(storeConfig(config.db), { migrate: true });
}

export interface Runtime {
  config: ConnectorConfig;
  store: StorePort;
  engine: PolicyEngine;
  publisher: PolicyPublisher;
  metrics: ConnectorMetrics;
  log: Logger;
}

/** Opens the store and sets up engine and publisher; no policy is loaded yet. */
export async function openRuntime(config: ConnectorConfig, log = createLogger(config.logLevel)): Promise<Runtime> {
  const store = await openConfiguredStore(config);
  const metrics = new ConnectorMetrics();
  const engine = new PolicyEngine();
  return { config, store, engine, publisher: new PolicyPublisher(store, engine, metrics), metrics, log };
}

/** For the server: loads the stored active revision, then publishes (and activates) the policy folder if its sources are new. */
export async function prepareRuntime(config: ConnectorConfig, log = createLogger(config.logLevel)): Promise<Runtime> {
  const runtime = await openRuntime(config, log);
  const { store, publisher } = runtime;
  if (config.seedDemo) await seedDemo(store);
  const active = await publisher.loadActive();
  if (active) log.info({ revision: active }, 'serving stored policy revision');
  // New sources in the policy folder are published; sources published before are not, so a rollback survives a restart.
  if (existsSync(config.policyDir) && !(await publisher.wasPublished(config.policyDir))) {
    try {
      const published = await publisher.publishDir(config.policyDir, 'startup');
      log.info({ revision: published.revision, dir: config.policyDir }, 'published policy folder');
    } catch (err) {
      const e = err as { message: string; errors?: string[] };
      log.error({ err: e.message, errors: e.errors?.slice(0, 20) }, active
        ? 'policy folder could not be published; the stored revision keeps serving'
        : 'policy folder could not be published; decisions answer 503 unchecked until a policy is published');
    }
  } else if (!active) {
    log.warn({ dir: config.policyDir }, 'no stored policy and no policy folder; decisions answer 503 unchecked until a policy is published');
  }
  return runtime;
}

export async function startServer(runtime: Runtime): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const workers = runtime.config.decisionWorkers;
  const pool = workers > 0
    ? new DecisionPool(workers, (err) => runtime.log.warn({ err: err.message }, 'decision worker failed; batches are decided in-process until it is restarted'))
    : undefined;
  const summaries = new CrmSummaryWriter(runtime.store, runtime.log, runtime.engine);
  const app = createApp({ ...runtime, pool, summaries });
  const server = await listen(app, runtime.config.port, runtime.config.host);
  const { port } = server.address() as AddressInfo;
  const url = `http://${runtime.config.host}:${port}`;
  // Start the workers with the active policy in the background, so the first batch does not wait for them.
  if (pool && runtime.engine.isReady()) {
    pool.warm(runtime.engine.current()).catch((err: unknown) => runtime.log.warn({ err: (err as Error).message }, 'decision workers could not be started'));
  }
  // The weekly DPO report by e-mail, when SPHERE_REPORT_TO and SPHERE_SMTP_URL are set; its timer never holds the process.
  const reportSchedule = scheduleFromConfig(runtime);
  reportSchedule?.start();
  return {
    server,
    url,
    close: async () => {
      reportSchedule?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool?.close();
      await summaries.idle();
      await runtime.store.close();
    },
  };
}

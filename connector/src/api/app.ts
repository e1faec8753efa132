// HTTP API (express 5): SuiteCRM-facing routes behind HMAC auth, plus health, readiness, metrics and the OpenAPI document.
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { ConnectorConfig } from '../config';
import type { StorePort } from '../input/store-port';
import type { ConnectorMetrics } from '../metrics';
import { PolicyEngine, PolicyUnavailableError } from '../engine/policy-engine';
import type { DecisionPool } from '../workflows/decision-pool';
import { PolicyPublisher } from '../engine/publisher';
import { PolicyRejectedError } from '../engine/compiler';
import { checkSignature, REPLAYED, type RejectionCode } from '../security/hmac';
import { ReplayGuard } from '../security/replay-guard';
import { DecisionService } from '../workflows/decision-service';
import type { CrmSummaryWriter } from '../workflows/crm-summary';
import { planMailing } from '../workflows/mailing-plan';
import { privacyView } from '../workflows/privacy';
import { captureConsent } from '../workflows/consent-capture';
import { buildWeeklyReport } from '../workflows/weekly-report';
import { InvalidWeekError, lastCompleteWeek, parseIsoWeek, type IsoWeek } from '../report/iso-week';
import { BadInputError, checkEvent } from './validate-event';
import { BatchAnswersJson } from './answers-json';
import { describeInternalError, describeStorageError, isStorageError } from './storage-errors';
import { StoreConflictError, StoreValidationError } from '../store';
import { checkApprovalDecision, checkConsent, checkProvenance, checkProvenanceRecords, PERSON_ID_PATTERN, PERSON_MODULES } from './person-schemas';

export const MAX_BATCH = 10_000;
/** Decision ids are at most this long (the log's id column). */
const DECISION_ID_MAX = 36;
const APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
const PERSON_MODULE_SET = new Set<string>(PERSON_MODULES);
const PERSON_ID = new RegExp(PERSON_ID_PATTERN);
const openapi = readFileSync(join(__dirname, 'openapi.yaml'), 'utf8');

export interface AppDeps {
  config: ConnectorConfig;
  store: StorePort;
  engine: PolicyEngine;
  publisher: PolicyPublisher;
  metrics: ConnectorMetrics;
  log: Logger;
  /** Worker threads that decide long batches; without it batches are decided in-process. */
  pool?: DecisionPool;
  /** Keeps Sphere's summary fields on SuiteCRM's person records current; without it they are not written. */
  summaries?: CrmSummaryWriter;
  /** Single use of request nonces; by default one on store.requestNonces (tests pass one with their own clock). */
  replay?: ReplayGuard;
}

class NotFoundError extends Error {}

/** Far deeper than any event needs; much deeper values exhaust the stack of the code that walks them. */
const MAX_JSON_DEPTH = 64;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** How deep arrays and objects nest in JSON text, counted on the bytes so nothing deep is ever built. */
function nestingDepth(raw: Buffer): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < raw.length; i += 1) {
    const b = raw[i];
    if (b === QUOTE) {
      for (i += 1; i < raw.length && raw[i] !== QUOTE; i += 1) if (raw[i] === BACKSLASH) i += 1;
    } else if (b === 0x5b || b === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (b === 0x5d || b === 0x7d) {
      depth -= 1;
    }
  }
  return deepest;
}

function parseJson(req: Request): unknown {
  const raw = req.body as Buffer | undefined;
  if (!raw || raw.length === 0) throw new BadInputError('malformed_json', 'request body is empty; expected JSON');
  if (!isUtf8(raw)) throw new BadInputError('malformed_json', 'request body is not valid UTF-8 (JSON must be UTF-8, RFC 8259)');
  if (nestingDepth(raw) > MAX_JSON_DEPTH) throw new BadInputError('too_deep', `request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new BadInputError('malformed_json', `request body is not valid JSON: ${(err as Error).message}`);
  }
}

function person(req: Request): { module: string; id: string } {
  const module = String(req.params.module);
  const id = String(req.params.id);
  if (!PERSON_MODULE_SET.has(module)) throw new BadInputError('unknown_module', `unknown module "${module}"; expected one of ${PERSON_MODULES.join(', ')}`);
  if (!PERSON_ID.test(id)) throw new BadInputError('invalid_id', 'person id must be 1-64 characters of letters, digits, "-", "_" or "."');
  return { module, id };
}

/**
 * A provenance record of a person from the request's fields; collected now unless they say when (null says nothing:
 * a record without a collection time would have no fixed Art. 14 due date).
 */
function provenanceOf(module: string, id: string, fields: Record<string, unknown>): Record<string, unknown> {
  return { ...fields, collected_at: fields.collected_at ?? new Date().toISOString(), module, person_module: module, person_id: id };
}

/** `?week=2026-W48`, or the last complete week; a malformed week is a 400 naming the problem. */
function reportWeek(req: Request, now: Date): IsoWeek {
  const { week } = req.query;
  if (week === undefined) return lastCompleteWeek(now);
  if (typeof week !== 'string') throw new BadInputError('invalid_week', 'give week once, as YYYY-Www, e.g. 2026-W48');
  try {
    return parseIsoWeek(week);
  } catch (err) {
    if (err instanceof InvalidWeekError) throw new BadInputError('invalid_week', err.message);
    throw err;
  }
}

/** A known path asked with a method it does not answer gets 405 and the Allow header, not "no such route". */
function refuseOtherMethods(app: express.Express): void {
  const allowed = new Map<string, Set<string>>();
  for (const layer of app.router.stack) {
    if (!layer.route) continue;
    const methods = allowed.get(layer.route.path) ?? new Set<string>();
    for (const handler of layer.route.stack) methods.add(handler.method.toUpperCase());
    allowed.set(layer.route.path, methods);
  }
  for (const [path, methods] of allowed) {
    if (methods.has('GET')) methods.add('HEAD'); // express answers HEAD with the GET route
    const allow = [...methods].join(', ');
    app.all(path, (req, res) => {
      res.set('Allow', allow).status(405).json({ error: 'method_not_allowed', message: `${req.method} is not allowed on ${req.path}; allowed: ${allow}` });
    });
  }
}

export function createApp(deps: AppDeps): express.Express {
  const { config, store, engine, publisher, metrics, log, pool, summaries } = deps;
  const service = new DecisionService(store, engine, metrics, log, pool, summaries);
  const replay = deps.replay ?? new ReplayGuard(store.requestNonces, { windowSeconds: config.replayWindowSeconds });
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.get('/healthz', (_req, res) => { res.json({ status: 'ok' }); });
  app.get('/readyz', async (_req, res) => {
    const db = await store.ping().then(() => true, () => false);
    const policy = engine.isReady();
    res.status(db && policy ? 200 : 503).json({ ready: db && policy, db, policy, revision: engine.revision });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/v1/openapi.yaml', (_req, res) => { res.type('application/yaml').send(openapi); });

  // Raw bytes first: the signature covers the body exactly as sent, so an encoded body is refused, not inflated.
  app.use('/v1', express.raw({ type: () => true, limit: config.maxBodyBytes, inflate: false }));
  // The nonce is claimed in the database before the request is handled: a replay is refused after a restart and by
  // every connector on the same database. When the claim cannot be stored, the request fails like any storage failure.
  app.use('/v1', async (req, res, next) => {
    const header = (name: string): string | undefined => req.get(name) ?? undefined;
    const unauthorized = (code: RejectionCode, reason: string): void => {
      log.warn({ path: req.path, reason }, 'rejected unauthenticated request');
      res.status(401).json({ error: 'unauthorized', reason_code: code, reason });
    };
    const result = checkSignature(config.sharedSecret, config.replayWindowSeconds, {
      method: req.method, pathWithQuery: req.originalUrl, body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      timestamp: header('X-Sphere-Timestamp'), nonce: header('X-Sphere-Nonce'), signature: header('X-Sphere-Signature'),
    });
    if (!result.ok) {
      unauthorized(result.code, result.reason);
      return;
    }
    if (!(await replay.claim(result.nonce, result.issuedAt))) {
      unauthorized('replayed_nonce', REPLAYED);
      return;
    }
    next();
  });

  app.post('/v1/decisions', async (req, res) => {
    const event = checkEvent(parseJson(req));
    if (event.event === 'mailing.plan') {
      if (!engine.isReady()) throw new PolicyUnavailableError('no policy revision is active');
      res.json(await planMailing(service, event));
      return;
    }
    res.json(await service.decide(event));
  });

  app.post('/v1/decisions/batch', async (req, res) => {
    const body = parseJson(req) as { events?: unknown };
    if (!body || typeof body !== 'object' || !Array.isArray(body.events)) throw new BadInputError('schema_violation', 'body must be {"events": [ … ]}', ['/events must be array']);
    if (body.events.length > MAX_BATCH) throw new BadInputError('batch_too_large', `a batch holds at most ${MAX_BATCH} events, got ${body.events.length}`);
    const events = body.events.map((e, i) => {
      const ev = checkEvent(e, `/events/${i}: `);
      if (ev.event === 'mailing.plan') throw new BadInputError('schema_violation', `/events/${i}: mailing.plan is not allowed in a batch; send it to /v1/decisions`);
      return ev;
    });
    // serialised while the rest of the batch is still being decided; sent only once every decision is logged
    const answers = new BatchAnswersJson();
    await service.decideMany(events, (chunk) => answers.add(chunk));
    res.type('application/json; charset=utf-8').send(answers.body());
  });

  // A logged decision as stored (input redacted), with its place in the hash chain: what was decided about whom, why and
  // under which policy revision, for an auditor or a person's access request.
  app.get('/v1/log/decisions/:id', async (req, res) => {
    const id = String(req.params.id);
    const decision = id.length <= DECISION_ID_MAX ? await store.decisions.get(id) : null;
    if (!decision) throw new NotFoundError(`decision ${JSON.stringify(id.slice(0, DECISION_ID_MAX))} not found`);
    res.json(decision);
  });
  // The whole chain checked, as `sphere log verify` does; a broken chain is an answer (ok: false, the first broken row), not an error.
  app.get('/v1/log/verify', async (_req, res) => {
    res.json(await store.decisions.verify());
  });

  app.get('/v1/persons/:module/:id/consents', async (req, res) => {
    const p = person(req);
    res.json({ consents: await store.consents.list(p.module, p.id) });
  });
  app.post('/v1/persons/:module/:id/consents', async (req, res) => {
    const p = person(req);
    const { consent, decision } = await captureConsent(service, store, p, checkConsent(parseJson(req)));
    if (!consent) {
      const rules = decision?.violations.map((v) => v.rule) ?? [];
      res.status(422).json({ error: 'consent_refused', message: `the policy refused to store this consent (${rules.join(', ') || decision?.outcome})`, decision });
      return;
    }
    summaries?.personChanged(p.module, p.id);
    res.status(201).json(decision ? { ...consent, decision } : consent);
  });
  app.post('/v1/persons/:module/:id/consents/:cid/withdraw', async (req, res) => {
    const p = person(req);
    const withdrawn = await store.consents.withdraw(p.module, p.id, String(req.params.cid), new Date());
    if (!withdrawn) throw new NotFoundError(`consent ${String(req.params.cid)} of ${p.module}/${p.id} not found`);
    summaries?.personChanged(p.module, p.id);
    res.json(withdrawn);
  });
  app.get('/v1/persons/:module/:id/provenance', async (req, res) => {
    const p = person(req);
    res.json({ provenance: await store.provenance.list(p.module, p.id) });
  });
  app.post('/v1/persons/:module/:id/provenance', async (req, res) => {
    const p = person(req);
    const body = checkProvenance(parseJson(req));
    const stored = await store.provenance.add(provenanceOf(p.module, p.id, body));
    summaries?.personChanged(p.module, p.id);
    res.status(201).json(stored);
  });
  // The provenance of many people at once, e.g. every field of the rows SuiteCRM just imported.
  app.post('/v1/provenance', async (req, res) => {
    const { records } = checkProvenanceRecords(parseJson(req));
    const stored = await store.provenance.addMany(records.map(({ module, person_id: personId, ...fields }) => provenanceOf(module, personId, fields)));
    for (const r of records) summaries?.personChanged(r.module, r.person_id);
    res.status(201).json({ stored: stored.length });
  });
  app.get('/v1/persons/:module/:id/privacy', async (req, res) => {
    const p = person(req);
    res.json(await privacyView(store, engine, p.module, p.id));
  });

  app.get('/v1/approvals', async (req, res) => {
    const status = APPROVAL_STATUSES.find((s) => s === req.query.status);
    if (req.query.status !== undefined && !status) throw new BadInputError('invalid_status', `status must be one of ${APPROVAL_STATUSES.join(', ')}`);
    res.json({ approvals: await store.approvals.list(status ? { status } : {}) });
  });
  app.post('/v1/approvals/:id/decide', async (req, res) => {
    const body = checkApprovalDecision(parseJson(req));
    const id = String(req.params.id);
    const existing = await store.approvals.get(id);
    if (!existing) throw new NotFoundError(`approval request ${id} not found`);
    if (existing.status !== 'pending') throw new StoreConflictError('already_decided', `approval request ${id} is already ${String(existing.status)}`);
    res.json(await store.approvals.decide(id, { status: body.decision, decidedBy: body.decided_by ?? null, comment: body.comment ?? null, decidedAt: new Date() }));
  });

  // The DPO's weekly report (the same data `sphere report weekly` prints and the Monday e-mail carries).
  app.get('/v1/reports/weekly', async (req, res) => {
    const now = new Date();
    res.json(await buildWeeklyReport({ store, engine }, reportWeek(req, now), now));
  });

  app.post('/v1/policies', async (req, res) => {
    const author = String(req.get('X-Sphere-Author') ?? 'api').slice(0, 64);
    const result = await publisher.publishArchive(req.body as Buffer, author);
    log.info({ revision: result.revision, kind: result.kind, author }, 'policy published');
    res.status(201).json(result);
  });
  app.get('/v1/policies', async (_req, res) => {
    res.json({ active: engine.revision, revisions: await store.policyRevisions.list() });
  });
  app.post('/v1/policies/:rev/activate', async (req, res) => {
    const rev = String(req.params.rev);
    if (!(await publisher.activate(rev))) throw new NotFoundError(`policy revision ${rev} not found`);
    log.info({ revision: rev }, 'policy revision activated');
    res.json({ active: rev });
  });

  refuseOtherMethods(app);
  app.use((_req, res) => { res.status(404).json({ error: 'not_found', message: 'no such route' }); });

  // Every failure becomes a clear JSON answer. A database failure and anything unexpected both leave the data
  // unchecked (the plugin fails closed on either), but only the first is answered as storage unavailable.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    const e = (err ?? {}) as { type?: string; status?: number; message?: string };
    if (res.headersSent) {
      next(err);
    } else if (e.type === 'entity.too.large') {
      res.status(413).json({ error: 'payload_too_large', message: `request body exceeds ${config.maxBodyBytes} bytes` });
    } else if (e.type === 'encoding.unsupported') {
      res.status(415).json({ error: 'unsupported_encoding', message: `Content-Encoding ${JSON.stringify(req.get('Content-Encoding'))} is not accepted; send the body unencoded (the signature covers the bytes as sent)` });
    } else if (err instanceof BadInputError) {
      res.status(400).json({ error: err.code, message: err.message, details: err.details });
    } else if (err instanceof StoreValidationError) {
      res.status(400).json({ error: 'schema_violation', message: err.message, details: err.details });
    } else if (err instanceof StoreConflictError) {
      res.status(409).json({ error: err.code, message: err.message });
    } else if (err instanceof NotFoundError) {
      res.status(404).json({ error: 'not_found', message: err.message });
    } else if (err instanceof PolicyRejectedError) {
      log.warn({ stage: err.stage, errors: err.errors.slice(0, 20) }, 'policy publish rejected');
      res.status(422).json({ error: `policy_${err.stage}_failed`, message: err.message, details: err.errors });
    } else if (err instanceof PolicyUnavailableError) {
      metrics.unchecked.inc();
      res.status(503).json({ outcome: 'unchecked', error: err.message });
    } else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      res.status(e.status).json({ error: 'bad_request', message: e.message ?? 'bad request' });
    } else if (isStorageError(err)) {
      metrics.unchecked.inc();
      log.error({ err: describeStorageError(err), path: req.path }, 'storage unavailable; answered unchecked');
      res.status(503).json({ outcome: 'unchecked', error: 'the privacy check could not be completed (storage unavailable)' });
    } else {
      metrics.unchecked.inc();
      log.error({ err: describeInternalError(err), method: req.method, path: req.path }, 'internal error; answered unchecked');
      res.status(500).json({ outcome: 'unchecked', error: 'internal_error', message: 'the privacy check could not be completed (internal error)' });
    }
  });
  return app;
}

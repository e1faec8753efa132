// A small pool of worker threads for batches (single decisions stay in-process): each worker runs decideEvent() for
// chunks of events — input building, the log's redacted input and the policy evaluation — in parallel with the
// connector's main thread, which keeps the I/O (facts, log), the order of the answers and the approvals. Each worker
// gets the policy's compiled module once per revision. A policy runtime error comes back per event, exactly as the
// engine reports it; a worker that fails or exits rejects its chunks (the caller then decides them in-process) and is
// replaced on a later chunk.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ActivePolicy } from '../engine/policy-engine';
import type { PersonFacts, SphereEvent } from '../input/build-input';

/** A chunk of a batch: the events, the distinct facts they use (factIndex per event) and their evaluation times (ms). */
export interface Chunk {
  events: SphereEvent[];
  facts: PersonFacts[];
  factIndex: number[];
  nows: number[];
  /** Field names the log redacts; null when the decisions are not logged (a mailing plan). */
  redact: string[] | null;
}

export type ToWorker =
  | { type: 'load'; policy: number; module: WebAssembly.Module; data: Record<string, unknown>; entrypoint: number; drop: number[] }
  | ({ type: 'decide'; id: number; policy: number; revision: string } & Chunk);

/**
 * A decided chunk as it travels: equal result sets (most of a batch's) once each in `distinctResults`, `resultOf[i]`
 * the index of event i's (-1: none, a runtime error), so the connector copies and reads each distinct result once.
 */
export type FromWorker =
  | ({ type: 'done'; id: number; distinctResults: string[]; resultOf: Int32Array } & Omit<ChunkResult, 'results'>)
  | { type: 'failed'; id: number; error: string };

/** Per event: the result set (JSON text) or the runtime error's message, the redacted input (JSON text, or null), the time taken (ms). */
export interface ChunkResult {
  results: Array<string | null>;
  errors: Array<string | null>;
  logInputs: Array<string | null>;
  durations: Float64Array;
}

interface Waiting { resolve: (r: ChunkResult) => void; reject: (err: Error) => void }

interface Slot {
  worker: Worker | null;
  waiting: Map<number, Waiting>;
  /** Policy ids sent to this worker, oldest first (the worker keeps the same ones). */
  loaded: number[];
  /** After a worker failed, its slot is not restarted before this time (ms), so a broken setup does not respawn per batch. */
  pausedUntil: number;
}

/** Revisions a worker keeps loaded: the active one plus a few for batches still running on older ones. */
const KEEP_POLICIES = 3;
const RESTART_PAUSE_MS = 30_000;
const WORKER_FILE = join(__dirname, `decision-worker${__filename.endsWith('.ts') ? '.ts' : '.js'}`);

export class DecisionPool {
  private readonly slots: Slot[];
  private readonly policies = new WeakMap<ActivePolicy, Promise<{ id: number; module: WebAssembly.Module }>>();
  private nextPolicy = 1;
  private nextChunk = 1;
  private closed = false;

  constructor(size: number, private readonly onWorkerError?: (err: Error) => void) {
    this.slots = Array.from({ length: Math.max(1, size) }, () => ({ worker: null, waiting: new Map(), loaded: [], pausedUntil: 0 }));
  }

  get size(): number {
    return this.slots.length;
  }

  /** Starts the workers and loads the policy into them now, so the first batch does not wait for that. */
  async warm(policy: ActivePolicy): Promise<void> {
    const { id, module } = await this.compiled(policy);
    for (const slot of this.usable()) this.ensureLoaded(slot, policy, id, module);
  }

  /** Decides a chunk on one worker. */
  async decide(policy: ActivePolicy, chunk: Chunk): Promise<ChunkResult> {
    if (this.closed) throw new Error('decision pool is closed');
    const { id, module } = await this.compiled(policy);
    // From here on synchronous, so a load is always posted before the chunks that need it.
    const usable = this.usable();
    if (usable.length === 0) throw new Error('no decision worker is available (restarting after a failure)');
    const slot = usable.reduce((best, s) => (s.waiting.size < best.waiting.size ? s : best));
    const worker = this.ensureLoaded(slot, policy, id, module);
    const chunkId = this.nextChunk++;
    return new Promise<ChunkResult>((resolve, reject) => {
      if (slot.waiting.size === 0) worker.ref();
      slot.waiting.set(chunkId, { resolve, reject });
      worker.postMessage({ type: 'decide', id: chunkId, policy: id, revision: policy.revision, ...chunk } satisfies ToWorker);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map(async (slot) => {
      const worker = slot.worker;
      this.retire(slot, new Error('decision pool is closed'));
      if (worker) await worker.terminate();
    }));
  }

  private usable(): Slot[] {
    const now = Date.now();
    return this.slots.filter((s) => s.worker !== null || s.pausedUntil <= now);
  }

  private compiled(policy: ActivePolicy): Promise<{ id: number; module: WebAssembly.Module }> {
    let entry = this.policies.get(policy);
    if (!entry) {
      const id = this.nextPolicy++;
      entry = WebAssembly.compile(new Uint8Array(policy.wasm)).then((module) => ({ id, module }));
      entry.catch(() => this.policies.delete(policy));
      this.policies.set(policy, entry);
    }
    return entry;
  }

  private ensureLoaded(slot: Slot, policy: ActivePolicy, id: number, module: WebAssembly.Module): Worker {
    const worker = slot.worker ?? this.spawn(slot);
    if (!slot.loaded.includes(id)) {
      slot.loaded.push(id);
      const drop = slot.loaded.length > KEEP_POLICIES ? slot.loaded.splice(0, slot.loaded.length - KEEP_POLICIES) : [];
      worker.postMessage({ type: 'load', policy: id, module, data: policy.data, entrypoint: policy.entrypoint, drop } satisfies ToWorker);
    }
    return worker;
  }

  private spawn(slot: Slot): Worker {
    // Under ts-node (the connector's normal way to run) the worker registers it too; compiled JavaScript runs as is.
    const boot = WORKER_FILE.endsWith('.ts')
      ? `require(${JSON.stringify(require.resolve('ts-node/register/transpile-only'))}); require(${JSON.stringify(WORKER_FILE)});`
      : `require(${JSON.stringify(WORKER_FILE)});`;
    const worker = new Worker(boot, { eval: true });
    worker.unref();
    slot.worker = worker;
    slot.loaded = [];
    worker.on('message', (msg: FromWorker) => {
      const waiting = slot.waiting.get(msg.id);
      if (!waiting) return;
      slot.waiting.delete(msg.id);
      // An idle worker does not keep the process alive.
      if (slot.waiting.size === 0) worker.unref();
      if (msg.type === 'done') {
        // equal results become the same string, which the decision service settles once
        const results = Array.from(msg.resultOf, (k) => (k < 0 ? null : msg.distinctResults[k] ?? null));
        waiting.resolve({ results, errors: msg.errors, logInputs: msg.logInputs, durations: msg.durations });
      } else {
        waiting.reject(new Error(msg.error));
      }
    });
    const fail = (err: Error): void => {
      if (slot.worker !== worker) return;
      slot.pausedUntil = Date.now() + RESTART_PAUSE_MS;
      this.retire(slot, err);
      void worker.terminate();
      if (!this.closed) this.onWorkerError?.(err);
    };
    worker.on('error', fail);
    worker.on('messageerror', fail);
    worker.on('exit', (code) => fail(new Error(`decision worker exited with code ${code}`)));
    return worker;
  }

  /** Forgets the slot's worker and rejects what it still owed; the next chunk starts a new one. */
  private retire(slot: Slot, err: Error): void {
    slot.worker = null;
    slot.loaded = [];
    const waiting = [...slot.waiting.values()];
    slot.waiting.clear();
    for (const w of waiting) w.reject(err);
  }
}

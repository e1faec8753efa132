// Decision worker (worker_threads) of the DecisionPool: holds instances of the policies it was sent and runs
// decideEvent() for chunks of a batch — input building, the log's redacted input and the evaluation, each event on its
// own: a policy runtime error is reported for that event alone and the worker keeps serving.
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { loadPolicySync, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { hostBuiltins } from '../rego/host/builtins';
import { errorMessage, evaluateJson, policyMemory } from '../engine/wasm-eval';
import { decideEvent } from './decide-event';
import type { FromWorker, ToWorker } from './decision-pool';

const port = parentPort;
if (!port) throw new Error('decision-worker.ts runs as a worker thread of the DecisionPool');

let nowNs = 0n;
const builtins = hostBuiltins(() => nowNs);
const policies = new Map<number, { policy: LoadedPolicy; entrypoint: number } | { error: string }>();

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'load') {
    for (const id of msg.drop) policies.delete(id);
    try {
      const policy = loadPolicySync(msg.module, policyMemory(), builtins);
      policy.setData(msg.data);
      policies.set(msg.policy, { policy, entrypoint: msg.entrypoint });
    } catch (err) {
      policies.set(msg.policy, { error: `decision worker could not load the policy: ${errorMessage(err)}` });
    }
    return;
  }
  const loaded = policies.get(msg.policy);
  if (!loaded || 'error' in loaded) {
    port.postMessage({ type: 'failed', id: msg.id, error: loaded?.error ?? `policy ${msg.policy} is not loaded` } satisfies FromWorker);
    return;
  }
  const evaluate = (inputJson: string, nowMs: number): string => {
    nowNs = BigInt(nowMs) * 1_000_000n;
    return evaluateJson(loaded.policy, inputJson, loaded.entrypoint);
  };
  const fields = msg.redact ? new Set(msg.redact) : null;
  const n = msg.events.length;
  const distinctResults: string[] = [];
  const indexOfResult = new Map<string, number>();
  const resultOf = new Int32Array(n);
  const errors: Array<string | null> = [];
  const logInputs: Array<string | null> = [];
  const durations = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const started = performance.now();
    const outcome = decideEvent(msg.events[i]!, msg.facts[msg.factIndex[i]!]!, new Date(msg.nows[i]!), msg.revision, fields, evaluate);
    let k = -1;
    if (outcome.result !== null) {
      k = indexOfResult.get(outcome.result) ?? -1;
      if (k < 0) indexOfResult.set(outcome.result, k = distinctResults.push(outcome.result) - 1);
    }
    resultOf[i] = k;
    errors.push(outcome.error);
    logInputs.push(outcome.logInput);
    durations[i] = performance.now() - started;
  }
  port.postMessage({ type: 'done', id: msg.id, distinctResults, resultOf, errors, logInputs, durations } satisfies FromWorker, [durations.buffer, resultOf.buffer]);
});

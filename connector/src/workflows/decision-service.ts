// The decision pipeline: event → input builder → engine → approvals → hash-chained log → answer.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { buildPolicyInput, loadPersonFacts, loadPersonFactsMany, type PersonFacts, type SphereEvent } from '../input/build-input';
import type { StorePort, Row } from '../input/store-port';
import type { PolicyEngine, PolicyDecision } from '../engine/policy-engine';
import type { ConnectorMetrics } from '../metrics';
import { redact, redactionFields } from '../security/redact';
import { resolveApproval, type ApprovalOutcome } from './approvals';
import { DecisionLogWriter } from './log-writer';

export interface DecisionAnswer extends PolicyDecision {
  decision_id: string;
  revision: string;
  evaluated_at: string;
  approval: ApprovalOutcome['approval'];
  request_id?: string;
}

interface Pending { event: SphereEvent; answer: DecisionAnswer; input: Record<string, unknown> }

export class DecisionService {
  private readonly logWriter: DecisionLogWriter;

  constructor(private readonly store: StorePort, private readonly engine: PolicyEngine, private readonly metrics: ConnectorMetrics, private readonly log: Logger) {
    this.logWriter = new DecisionLogWriter(store);
  }

  async decide(event: SphereEvent): Promise<DecisionAnswer> {
    const [answer] = await this.decideMany([event]);
    return answer as DecisionAnswer;
  }

  /** Evaluates all events, then writes every log entry in one transaction so a failure leaves nothing half-written. */
  async decideMany(events: SphereEvent[]): Promise<DecisionAnswer[]> {
    const pending: Pending[] = [];
    // Nothing is written until the end, so one person's facts can be shared by all their events in this call.
    const people = events.filter((e) => e.record_id).map((e) => ({ module: e.module, id: e.record_id as string }));
    const facts = people.length > 1 ? await this.prefetchFacts(people) : new Map<string, Promise<PersonFacts>>();
    for (const event of events) pending.push(await this.evaluate(event, new Date(), facts));
    await this.record(pending);
    return pending.map((p) => p.answer);
  }

  /** Stored facts of many people in bulk queries per module, keyed as evaluate() looks them up. */
  async prefetchFacts(people: Array<{ module: string; id: string }>): Promise<Map<string, Promise<PersonFacts>>> {
    const byModule = new Map<string, string[]>();
    for (const r of people) {
      const ids = byModule.get(r.module);
      if (ids) ids.push(r.id);
      else byModule.set(r.module, [r.id]);
    }
    const cache = new Map<string, Promise<PersonFacts>>();
    for (const [module, ids] of byModule) {
      for (const [id, facts] of await loadPersonFactsMany(this.store, module, ids)) cache.set(`${module}/${id}`, Promise.resolve(facts));
    }
    return cache;
  }

  /** Evaluates without writing anything (used by mailing.plan, where nothing is sent). */
  async evaluate(event: SphereEvent, now = new Date(), factsCache?: Map<string, Promise<PersonFacts>>): Promise<Pending> {
    const started = process.hrtime.bigint();
    const key = `${event.module}/${event.record_id ?? ''}`;
    let facts = factsCache?.get(key);
    if (!facts) {
      facts = loadPersonFacts(this.store, event.module, event.record_id);
      factsCache?.set(key, facts);
    }
    const input = buildPolicyInput(event, await facts, now, this.engine.revision);
    const evaluation = this.engine.evaluate(input);
    if (evaluation.policyError) {
      this.metrics.policyErrors.inc();
      this.log.error({ err: evaluation.policyError, revision: evaluation.revision, event: event.event }, 'policy runtime error; answered deny');
    }
    const resolved = await resolveApproval(this.store, event, evaluation.decision, now);
    const answer: DecisionAnswer = {
      ...resolved.decision,
      approval: resolved.approval,
      decision_id: randomUUID(),
      revision: evaluation.revision,
      evaluated_at: now.toISOString(),
      ...(event.request_id ? { request_id: event.request_id } : {}),
    };
    this.count(event, answer, started);
    return { event, answer, input };
  }

  private count(event: SphereEvent, answer: DecisionAnswer, started: bigint): void {
    this.metrics.decisions.inc({ outcome: answer.outcome, event: event.event });
    for (const v of answer.violations) this.metrics.ruleHits.inc({ rule: v.rule, kind: 'violation' });
    for (const w of answer.warnings) this.metrics.ruleHits.inc({ rule: w.rule, kind: 'warning' });
    this.metrics.latency.observe({ event: event.event }, Number(process.hrtime.bigint() - started) / 1e9);
  }

  private async record(pending: Pending[]): Promise<void> {
    if (pending.length === 0) return;
    const fields = redactionFields(this.engine.guidelines);
    const entries: Row[] = pending.map(({ event, answer, input }) => ({
      decisionId: answer.decision_id,
      event: event.event,
      module: event.module,
      recordId: event.record_id ?? null,
      personModule: event.record_id ? event.module : null,
      personId: event.record_id ?? null,
      actorId: event.actor?.user_id ?? null,
      outcome: answer.outcome,
      revision: answer.revision,
      rules: [...answer.violations, ...answer.warnings].map((f) => f.rule),
      input: redact(input, fields),
      decision: { dry_run: event.dry_run ?? false, outcome: answer.outcome, violations: answer.violations, warnings: answer.warnings, obligations: answer.obligations, approval: answer.approval },
      createdAt: new Date(answer.evaluated_at),
    }));
    await this.logWriter.append(entries);
  }
}

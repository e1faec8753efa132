// Prometheus metrics for the connector; one registry per service instance so tests can run several side by side.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The child of each label pair, made on first use (label values are bounded: outcomes, events, the pack's rule ids). */
function children<C>(make: (first: string, second: string) => C): (first: string, second: string) => C {
  const made = new Map<string, Map<string, C>>();
  return (first, second) => {
    let bySecond = made.get(first);
    if (bySecond === undefined) made.set(first, bySecond = new Map());
    let child = bySecond.get(second);
    if (child === undefined) bySecond.set(second, child = make(first, second));
    return child;
  };
}

/** One decided event as the metrics count it. */
export interface DecidedEvent {
  event: string;
  outcome: string;
  violations: Array<{ rule: string }>;
  warnings: Array<{ rule: string }>;
  /** Time to decide it, including input building. */
  seconds: number;
}

export class ConnectorMetrics {
  readonly registry = new Registry();
  readonly decisions = new Counter({ name: 'sphere_decisions_total', help: 'Decisions by outcome and event', labelNames: ['outcome', 'event'], registers: [this.registry] });
  readonly ruleHits = new Counter({ name: 'sphere_rule_findings_total', help: 'Violations and warnings by rule id', labelNames: ['rule', 'kind'], registers: [this.registry] });
  readonly latency = new Histogram({
    name: 'sphere_decision_duration_seconds', help: 'Time to decide one event, including input building',
    labelNames: ['event'], buckets: [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.25, 1], registers: [this.registry],
  });
  readonly policyErrors = new Counter({ name: 'sphere_policy_errors_total', help: 'Policy runtime errors turned into deny', registers: [this.registry] });
  readonly unchecked = new Counter({ name: 'sphere_unchecked_total', help: 'Requests answered unchecked (503 storage or policy unavailable, 500 internal error)', registers: [this.registry] });
  readonly activeRevision = new Gauge({ name: 'sphere_policy_revision_info', help: 'Active policy revision (value 1)', labelNames: ['revision'], registers: [this.registry] });

  // prom-client hashes the label values on every call; batches count thousands of decisions with a few label sets
  private readonly decisionsBy = children((outcome, event) => this.decisions.labels(outcome, event));
  private readonly ruleHitsBy = children((rule, kind) => this.ruleHits.labels(rule, kind));
  private readonly latencyBy = new Map<string, Histogram.Internal<string>>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Decided events (a batch's chunk, or one): outcomes, the rules of their findings, the seconds each took. */
  countDecisions(decided: readonly DecidedEvent[]): void {
    // each counter child is incremented once by its total: a batch's events share a few label sets
    const counts = new Map<Counter.Internal, number>();
    const count = (child: Counter.Internal): void => { counts.set(child, (counts.get(child) ?? 0) + 1); };
    for (const d of decided) {
      count(this.decisionsBy(d.outcome, d.event));
      for (const v of d.violations) count(this.ruleHitsBy(v.rule, 'violation'));
      for (const w of d.warnings) count(this.ruleHitsBy(w.rule, 'warning'));
      let latency = this.latencyBy.get(d.event);
      if (latency === undefined) this.latencyBy.set(d.event, latency = this.latency.labels(d.event));
      latency.observe(d.seconds);
    }
    for (const [child, n] of counts) child.inc(n);
  }

  setActiveRevision(revision: string): void {
    this.activeRevision.reset();
    this.activeRevision.set({ revision }, 1);
  }
}

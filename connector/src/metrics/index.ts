// Prometheus metrics for the connector; one registry per service instance so tests can run several side by side.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The child of each label set, made on first use (label values are bounded: outcomes, events, the pack's rule ids). */
function children<C>(make: (...values: string[]) => C): (...values: string[]) => C {
  const made = new Map<string, C>();
  return (...values) => {
    const key = values.join('\u0000');
    let child = made.get(key);
    if (child === undefined) {
      child = make(...values);
      made.set(key, child);
    }
    return child;
  };
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
  private readonly latencyBy = children((event) => this.latency.labels(event));

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** One decided event: its outcome, the rules of its findings and the seconds it took. */
  countDecision(event: string, outcome: string, findings: { violations: Array<{ rule: string }>; warnings: Array<{ rule: string }> }, seconds: number): void {
    this.decisionsBy(outcome, event).inc();
    for (const v of findings.violations) this.ruleHitsBy(v.rule, 'violation').inc();
    for (const w of findings.warnings) this.ruleHitsBy(w.rule, 'warning').inc();
    this.latencyBy(event).observe(seconds);
  }

  setActiveRevision(revision: string): void {
    this.activeRevision.reset();
    this.activeRevision.set({ revision }, 1);
  }
}

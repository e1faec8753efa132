// Prometheus metrics for the connector; one registry per service instance so tests can run several side by side.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class ConnectorMetrics {
  readonly registry = new Registry();
  readonly decisions = new Counter({ name: 'sphere_decisions_total', help: 'Decisions by outcome and event', labelNames: ['outcome', 'event'], registers: [this.registry] });
  readonly ruleHits = new Counter({ name: 'sphere_rule_findings_total', help: 'Violations and warnings by rule id', labelNames: ['rule', 'kind'], registers: [this.registry] });
  readonly latency = new Histogram({
    name: 'sphere_decision_duration_seconds', help: 'Time to decide one event, including input building',
    labelNames: ['event'], buckets: [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.25, 1], registers: [this.registry],
  });
  readonly policyErrors = new Counter({ name: 'sphere_policy_errors_total', help: 'Policy runtime errors turned into deny', registers: [this.registry] });
  readonly unchecked = new Counter({ name: 'sphere_unchecked_total', help: 'Requests answered 503 unchecked', registers: [this.registry] });
  readonly activeRevision = new Gauge({ name: 'sphere_policy_revision_info', help: 'Active policy revision (value 1)', labelNames: ['revision'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  setActiveRevision(revision: string): void {
    this.activeRevision.reset();
    this.activeRevision.set({ revision }, 1);
  }
}

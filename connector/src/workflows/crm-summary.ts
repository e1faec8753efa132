// Keeps Sphere's summary fields on SuiteCRM's person records current: the last decision once decisions are logged, and
// consent status, data source and Art. 14 due date once a person's consents or provenance change. The fields are a view
// for CRM users (Studio, list views, reports); the decision log and Sphere's tables stay the record. So writing them
// never holds up or fails an answer: it happens after the answer, grouped, and a failure is logged.
import type { Logger } from 'pino';
import { asRow, type StorePort } from '../input/store-port';
import type { SphereEvent } from '../input/build-input';
import { errorMessage, type PolicyEngine } from '../engine/policy-engine';
import type { ConsentRecord, ProvenanceRecord, SuiteCrmSummary } from '../store';
import { personObligations } from './privacy';

/** The policy pack's obligation whose due date SuiteCRM's "Sphere: Art. 14 notice due" field shows. */
export const ART14_NOTICE = 'provenance.art14_notice';

interface Finding { rule: string }
interface DecidedAnswer { outcome: string; violations: Finding[]; warnings: Finding[]; evaluated_at: string }

/** `2026-12-01 deny record.save: consent.not_active, …` */
export function lastDecisionText(event: string, answer: DecidedAnswer): string {
  const rules = [...answer.violations, ...answer.warnings].map((f) => f.rule);
  return `${answer.evaluated_at.slice(0, 10)} ${answer.outcome} ${event}${rules.length > 0 ? `: ${rules.join(', ')}` : ''}`;
}

/** The newest consents first: `newsletter/email: given (double_opt_in); offers/phone: withdrawn`. */
export function consentStatusText(consents: ConsentRecord[]): string | null {
  if (consents.length === 0) return null;
  return [...consents].reverse().map((c) => `${c.purpose}/${c.channel}: ${c.status}${c.method ? ` (${c.method})` : ''}`).join('; ');
}

/** The newest provenance record's source: `purchased_list (list broker 2026-Q3)`. */
export function sourceText(provenance: ProvenanceRecord[]): string | null {
  const newest = provenance[provenance.length - 1];
  if (!newest) return null;
  return newest.sourceRef ? `${newest.sourceType} (${newest.sourceRef})` : newest.sourceType;
}

export class CrmSummaryWriter {
  private decisions: SuiteCrmSummary[] = [];
  private people = new Map<string, { module: string; id: string }>();
  private running: Promise<void> | null = null;
  private available: Promise<boolean> | null = null;
  private dueUnknownLogged: string | null = null;

  constructor(private readonly store: StorePort, private readonly log: Logger, private readonly engine: PolicyEngine) {}

  /** Logged decisions about existing people; dry runs (inline hints) decide nothing and are left out. */
  decided(items: Array<{ event: SphereEvent; answer: DecidedAnswer }>): void {
    this.whenAvailable(() => {
      for (const { event, answer } of items) {
        if (event.record_id && !event.dry_run) this.decisions.push({ module: event.module, id: event.record_id, lastDecision: lastDecisionText(event.event, answer) });
      }
    });
  }

  /** A person's consents or provenance changed; their summary is read from the store when it is written (once per person). */
  personChanged(module: string, id: string): void {
    this.whenAvailable(() => this.people.set(`${module}/${id}`, { module, id }));
  }

  /** Resolves once everything handed over so far is written (or failed and logged). */
  async idle(): Promise<void> {
    await this.available?.catch(() => undefined);
    while (this.running) await this.running;
  }

  private whenAvailable(enqueue: () => void): void {
    this.available ??= this.store.suitecrmSummaries.available().catch((err: unknown) => {
      this.available = null; // asked again next time: the database may be back
      this.failed(err);
      return false;
    });
    void this.available.then((yes) => {
      if (!yes) {
        this.available = null; // asked again: the store rechecks now and then whether a migration added the fields
        return;
      }
      enqueue();
      if (this.decisions.length > 0 || this.people.size > 0) this.running ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.decisions.length > 0 || this.people.size > 0) {
        const decisions = this.decisions;
        const people = [...this.people.values()];
        this.decisions = [];
        this.people.clear();
        try {
          await this.store.suitecrmSummaries.write([...decisions, ...await Promise.all(people.map((p) => this.personSummary(p.module, p.id)))]);
        } catch (err) {
          this.failed(err);
        }
      }
    } finally {
      this.running = null;
    }
  }

  private async personSummary(module: string, id: string): Promise<SuiteCrmSummary> {
    const [consents, provenance, suitecrm] = await Promise.all([
      this.store.consents.list(module, id), this.store.provenance.list(module, id), this.store.suitecrmFacts(module, id),
    ]);
    // the same facts as the privacy view gives the policy (loadPersonFacts), kept typed for the summary texts
    const open = personObligations(this.engine, module, id, { consents: consents.map(asRow), provenance: provenance.map(asRow), suitecrm });
    const summary: SuiteCrmSummary = { module, id, consentStatus: consentStatusText(consents), source: sourceText(provenance) };
    if ('obligations' in open) {
      summary.art14Due = open.obligations.find((o) => o.id === ART14_NOTICE)?.due ?? null;
    } else if (open.unavailable !== this.dueUnknownLogged) {
      // the field keeps what it showed: an unknown due date is not "nothing due"
      this.dueUnknownLogged = open.unavailable; // once per reason, not once per person
      this.log.warn({ reason: open.unavailable }, 'SuiteCRM summaries: the Art. 14 due date is left as it was');
    }
    return summary;
  }

  private failed(err: unknown): void {
    this.log.warn({ err: errorMessage(err) }, 'SuiteCRM summary fields not written');
  }
}

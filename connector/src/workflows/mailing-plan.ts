// mailing.plan: a what-if for a whole campaign — one decision per recipient plus a summary; nothing is sent.
import type { SphereEvent } from '../input/build-input';
import type { DecisionService, DecisionAnswer } from './decision-service';

export interface PlanAnswer {
  summary: { recipients: number; allow: number; warn: number; deny: number; approval: number; by_rule: Record<string, number> };
  recipients: Array<{ module: string; id: string; outcome: DecisionAnswer['outcome']; rules: string[] }>;
  revision: string | null;
  evaluated_at: string;
}

export async function planMailing(service: DecisionService, plan: SphereEvent): Promise<PlanAnswer> {
  const now = new Date();
  const summary: PlanAnswer['summary'] = { recipients: 0, allow: 0, warn: 0, deny: 0, approval: 0, by_rule: {} };
  const recipients: PlanAnswer['recipients'] = [];
  const people = plan.recipients ?? [];
  const answers = await service.evaluateMany(people.map((r) => ({
    event: 'mailing.send', module: r.module, record_id: r.id, campaign: plan.campaign, actor: plan.actor,
    channel: plan.channel ?? 'campaign', facts: { ...plan.facts, ...r.facts }, email_addresses: r.email_addresses, dry_run: true, record: {},
  })), now);
  people.forEach((r, i) => {
    const answer = answers[i] as DecisionAnswer;
    const rules = [...answer.violations, ...answer.warnings].map((f) => f.rule);
    for (const rule of rules) summary.by_rule[rule] = (summary.by_rule[rule] ?? 0) + 1;
    summary[answer.outcome] += 1;
    summary.recipients += 1;
    recipients.push({ module: r.module, id: r.id, outcome: answer.outcome, rules });
  });
  const revision = answers[0]?.revision ?? null;
  return { summary, recipients, revision, evaluated_at: now.toISOString() };
}

// The batch answer's JSON text, written answer by answer. Answers of a batch mostly share their findings (equal results
// are settled once into the same arrays), so those are serialised once per batch instead of once per answer; the text is
// exactly what JSON.stringify would write for the same answers.
import type { DecisionAnswer } from '../workflows/decision-service';

type Findings = Pick<DecisionAnswer, 'outcome' | 'violations' | 'warnings' | 'obligations'>;

const quote = (value: string): string => JSON.stringify(value);

/** `{"outcome":…,"violations":…,"warnings":…,"obligations":…` — the opening of an answer, up to its approval. */
const findingsText = (f: Findings): string =>
  `{"outcome":${quote(f.outcome)},"violations":${JSON.stringify(f.violations)},"warnings":${JSON.stringify(f.warnings)},"obligations":${JSON.stringify(f.obligations)}`;

export function answersJson(answers: readonly DecisionAnswer[]): string {
  const shared = new Map<unknown[], { findings: Findings; text: string }>();
  const revisions = new Map<string, string>();
  const parts: string[] = [];
  for (const a of answers) {
    let opening = shared.get(a.violations);
    if (!opening || opening.findings.warnings !== a.warnings || opening.findings.obligations !== a.obligations || opening.findings.outcome !== a.outcome) {
      opening = { findings: a, text: findingsText(a) };
      shared.set(a.violations, opening);
    }
    let revision = revisions.get(a.revision);
    if (revision === undefined) revisions.set(a.revision, revision = quote(a.revision));
    const used = a.consents_used.length === 0 ? '[]' : JSON.stringify(a.consents_used);
    parts.push(`${opening.text},"approval":${JSON.stringify(a.approval)},"consents_used":${used},"decision_id":${quote(a.decision_id)},"revision":${revision},`
      + `"evaluated_at":${quote(a.evaluated_at)}${a.request_id === undefined ? '' : `,"request_id":${quote(a.request_id)}`}}`);
  }
  return `[${parts.join(',')}]`;
}

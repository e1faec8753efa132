// The batch answer's body, written chunk by chunk while later chunks of the batch are still being decided, so only
// joining the parts is left once everything is logged. Answers of a batch mostly share their findings (equal results
// are settled once into the same arrays), so those are serialised once per batch instead of once per answer; the text
// is exactly what JSON.stringify({ decisions }) would write for the same answers.
import type { DecisionAnswer } from '../workflows/decision-service';

type Findings = Pick<DecisionAnswer, 'outcome' | 'violations' | 'warnings' | 'obligations'>;

const quote = (value: string): string => JSON.stringify(value);

/** `{"outcome":…,"violations":…,"warnings":…,"obligations":…` — the opening of an answer, up to its approval. */
const findingsText = (f: Findings): string =>
  `{"outcome":${quote(f.outcome)},"violations":${JSON.stringify(f.violations)},"warnings":${JSON.stringify(f.warnings)},"obligations":${JSON.stringify(f.obligations)}`;

const OPEN = Buffer.from('{"decisions":[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');

export class BatchAnswersJson {
  private readonly shared = new Map<unknown[], { findings: Findings; text: string }>();
  private readonly revisions = new Map<string, string>();
  /** UTF-8 of each added chunk's answers, comma-separated within the chunk. */
  private readonly chunks: Buffer[] = [];

  /** The next answers of the batch, in order. */
  add(answers: readonly DecisionAnswer[]): void {
    if (answers.length === 0) return;
    const parts: string[] = [];
    for (const a of answers) {
      let opening = this.shared.get(a.violations);
      if (!opening || opening.findings.warnings !== a.warnings || opening.findings.obligations !== a.obligations || opening.findings.outcome !== a.outcome) {
        opening = { findings: a, text: findingsText(a) };
        this.shared.set(a.violations, opening);
      }
      let revision = this.revisions.get(a.revision);
      if (revision === undefined) this.revisions.set(a.revision, revision = quote(a.revision));
      const used = a.consents_used.length === 0 ? '[]' : JSON.stringify(a.consents_used);
      parts.push(`${opening.text},"approval":${JSON.stringify(a.approval)},"consents_used":${used},"decision_id":${quote(a.decision_id)},"revision":${revision},`
        + `"evaluated_at":${quote(a.evaluated_at)}${a.request_id === undefined ? '' : `,"request_id":${quote(a.request_id)}`}}`);
    }
    this.chunks.push(Buffer.from(parts.join(','), 'utf8'));
  }

  /** `{"decisions":[…]}` as UTF-8. */
  body(): Buffer {
    const pieces: Buffer[] = [OPEN];
    this.chunks.forEach((chunk, i) => {
      if (i > 0) pieces.push(COMMA);
      pieces.push(chunk);
    });
    pieces.push(CLOSE);
    return Buffer.concat(pieces);
  }
}

// The weekly report as sections in one language: the single place its wording lives, so the German and the English part
// (and the text and the HTML rendering) always show the same figures. Only codes, counts, dates and the module/id of
// people appear: no names, no e-mail addresses.
import type { WeeklyReport } from '../workflows/weekly-report';
import type { ChainAnchor } from '../store';
import type { NoticeList } from './art14-notices';

export type Lang = 'de' | 'en';

export interface Table { head: string[]; rows: string[][] }
export interface Section { title: string; lines: Array<[label: string, value: string]>; tables: Array<{ caption: string; table: Table }>; notes: string[] }

const L = {
  heading: { de: 'Datenschutz-Wochenbericht', en: 'Weekly privacy report' },
  period: { de: 'Zeitraum (UTC)', en: 'Period (UTC)' },
  generated: { de: 'Erstellt', en: 'Generated' },
  revision: { de: 'Aktive Richtlinie', en: 'Active policy' },
  none: { de: 'keine', en: 'none' },
  decisions: { de: 'Entscheidungen', en: 'Decisions' },
  total: { de: 'Gesamt', en: 'Total' },
  outcome: { de: 'Ergebnis', en: 'Outcome' },
  event: { de: 'Ereignis', en: 'Event' },
  rule: { de: 'Regel', en: 'Rule' },
  count: { de: 'Anzahl', en: 'Count' },
  byOutcome: { de: 'Nach Ergebnis', en: 'By outcome' },
  byEvent: { de: 'Nach Ereignis', en: 'By event' },
  topRules: { de: 'Häufigste Regeln (Verstöße und Warnungen)', en: 'Most frequent rules (violations and warnings)' },
  dryRuns: { de: 'Probeläufe', en: 'Dry runs' },
  dryRunNote: {
    de: 'Probeläufe (Hinweise beim Bearbeiten, Begründungen der Kampagnen-Vorabprüfung) ändern nichts; sie sind nur in ihrer eigenen Zeile gezählt.',
    en: 'Dry runs (hints while editing, reasons looked up by the campaign pre-check) change nothing; they are counted on their own line only.',
  },
  approvals: { de: 'DSB-Freigaben', en: 'DPO approvals' },
  pendingNow: { de: 'Offen (jetzt)', en: 'Pending (now)' },
  oldestPending: { de: 'Älteste offene seit', en: 'Oldest pending since' },
  requested: { de: 'Angefragt in der Woche', en: 'Requested this week' },
  approved: { de: 'Freigegeben in der Woche', en: 'Approved this week' },
  rejected: { de: 'Abgelehnt in der Woche', en: 'Rejected this week' },
  consents: { de: 'Einwilligungen', en: 'Consents' },
  given: { de: 'Erfasst', en: 'Recorded' },
  withdrawn: { de: 'Widerrufen', en: 'Withdrawn' },
  objected: { de: 'Widersprüche', en: 'Objections' },
  art14: { de: 'Offene Informationspflichten (DSGVO Art. 14)', en: 'Open information notices (GDPR Art. 14)' },
  asOf: { de: 'Stand', en: 'As of' },
  overdue: { de: 'Überfällig', en: 'Overdue' },
  dueSoon: { de: 'Fällig in den nächsten {days} Tagen', en: 'Due within the next {days} days' },
  checked: { de: 'Geprüfte Personen', en: 'People checked' },
  module: { de: 'Modul', en: 'Module' },
  id: { de: 'ID', en: 'ID' },
  due: { de: 'Fällig', en: 'Due' },
  fields: { de: 'Felder', en: 'Fields' },
  shown: { de: 'die ersten {n} von {count}', en: 'the first {n} of {count}' },
  cut: {
    de: 'Es gab mehr als {limit} Personen mit nicht informierter Herkunft; geprüft wurden die {limit}, deren Daten am längsten vorliegen, die Zahlen sind Mindestwerte.',
    en: 'More than {limit} people have provenance they were not told of; the {limit} whose data was collected longest ago were checked, so the counts are lower bounds.',
  },
  unavailable: {
    de: 'Die aktive Richtlinie kann offene Informationspflichten nicht angeben ({reason}); das heißt nicht, dass keine offen sind.',
    en: 'The active policy cannot tell which notices are open ({reason}); this does not mean that none are.',
  },
  integrity: { de: 'Integrität des Entscheidungsprotokolls', en: 'Decision log integrity' },
  status: { de: 'Status', en: 'Status' },
  intact: { de: 'intakt', en: 'intact' },
  broken: { de: 'VERLETZT', en: 'BROKEN' },
  rowsChecked: { de: 'Geprüfte Einträge', en: 'Entries checked' },
  firstBroken: { de: 'Erster verletzter Eintrag', en: 'First broken entry' },
  anchor: { de: 'Anker: letzter Eintrag der Woche', en: 'Anchor: last entry of the week' },
  previousAnchor: { de: 'Anker der Vorwoche', en: 'Anchor of the previous week' },
  anchorNote: {
    de: 'Bewahren Sie diesen Bericht auf. Der Hash eines Eintrags steht für das ganze Protokoll bis zu ihm. Der Anker der Vorwoche muss mit dem Anker im Bericht der Vorwoche übereinstimmen; weicht er ab, wurde das Protokoll bis dorthin neu geschrieben, auch wenn die Prüfung oben „intakt“ meldet — es sei denn, eine Entscheidung aus den letzten Augenblicken der Vorwoche wurde erst nach jenem Bericht gespeichert (dann ist sie der neue Anker der Vorwoche).',
    en: 'Keep this report. An entry\'s hash stands for the whole log up to it. The anchor of the previous week must equal the anchor in last week\'s report; if it differs, the log up to there was rewritten, even when the check above says "intact" — unless a decision from the last moments of that week was stored only after that report was made (it is then the previous week\'s new anchor).',
  },
} as const;

const anchorText = (anchor: ChainAnchor | null): string => (anchor ? `seq ${anchor.seq}, ${anchor.at}, ${anchor.hash}` : '—');
const fill = (text: string, values: Record<string, string | number>): string => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
const countRows = (counts: Record<string, number>): string[][] =>
  Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([k, n]) => [k, String(n)]);

function noticeTable(lang: Lang, list: NoticeList): Table {
  return {
    head: [L.module[lang], L.id[lang], L.due[lang], L.fields[lang]],
    rows: list.people.map((p) => [p.module, p.id, p.due ?? '—', p.fields.join(', ')]),
  };
}

function noticeCaption(lang: Lang, title: string, list: NoticeList): string {
  return list.people.length < list.count ? `${title} (${fill(L.shown[lang], { n: list.people.length, count: list.count })})` : title;
}

export function headingOf(lang: Lang, report: WeeklyReport): string {
  return `${L.heading[lang]} ${report.week}`;
}

export function reportSections(report: WeeklyReport, lang: Lang): Section[] {
  const d = report.decisions;
  const overview: Section = {
    title: headingOf(lang, report),
    lines: [[L.period[lang], `${report.from} – ${report.to}`], [L.generated[lang], report.generatedAt], [L.revision[lang], report.revision ?? L.none[lang]]],
    tables: [], notes: [],
  };
  const decisions: Section = {
    title: L.decisions[lang],
    lines: [[L.total[lang], String(d.total)], [L.dryRuns[lang], String(d.dryRuns.total)]],
    tables: [
      { caption: L.byOutcome[lang], table: { head: [L.outcome[lang], L.count[lang]], rows: countRows(d.byOutcome) } },
      { caption: L.byEvent[lang], table: { head: [L.event[lang], L.count[lang]], rows: countRows(d.byEvent) } },
      { caption: L.topRules[lang], table: { head: [L.rule[lang], L.count[lang]], rows: d.topRules.map((r) => [r.rule, String(r.count)]) } },
    ],
    notes: [L.dryRunNote[lang]],
  };
  const a = report.approvals;
  const approvals: Section = {
    title: L.approvals[lang],
    lines: [
      [L.pendingNow[lang], String(a.pending)], [L.oldestPending[lang], a.oldestPendingCreatedAt ?? '—'], [L.requested[lang], String(a.requested)],
      [L.approved[lang], String(a.approved)], [L.rejected[lang], String(a.rejected)],
    ],
    tables: [], notes: [],
  };
  const c = report.consents;
  const consents: Section = {
    title: L.consents[lang],
    lines: [[L.given[lang], String(c.given)], [L.withdrawn[lang], String(c.withdrawn)], [L.objected[lang], String(c.objected)]],
    tables: [], notes: [],
  };
  const n = report.art14Notices;
  const art14: Section = { title: L.art14[lang], lines: [[L.asOf[lang], n.asOf]], tables: [], notes: [] };
  if (n.available) {
    const soonTitle = fill(L.dueSoon[lang], { days: n.dueSoon.days });
    art14.lines.push([L.overdue[lang], String(n.overdue.count)], [soonTitle, String(n.dueSoon.count)], [L.checked[lang], String(n.candidatesChecked)]);
    if (n.overdue.count > 0) art14.tables.push({ caption: noticeCaption(lang, L.overdue[lang], n.overdue), table: noticeTable(lang, n.overdue) });
    if (n.dueSoon.count > 0) art14.tables.push({ caption: noticeCaption(lang, soonTitle, n.dueSoon), table: noticeTable(lang, n.dueSoon) });
    if (n.candidatesCut) art14.notes.push(fill(L.cut[lang], { limit: n.candidatesCut.limit }));
  } else {
    art14.notes.push(fill(L.unavailable[lang], { reason: n.reason }));
  }
  const v = report.logIntegrity;
  const integrity: Section = {
    title: L.integrity[lang],
    lines: [[L.status[lang], v.ok ? L.intact[lang] : L.broken[lang]], [L.rowsChecked[lang], String(v.checked)]],
    tables: [], notes: [],
  };
  if (v.firstBroken) integrity.lines.push([L.firstBroken[lang], `seq ${v.firstBroken.seq} (${v.firstBroken.id}): ${v.firstBroken.reason}`]);
  const { endOfWeek, endOfPreviousWeek } = report.chainAnchors;
  integrity.lines.push([L.anchor[lang], anchorText(endOfWeek)], [L.previousAnchor[lang], anchorText(endOfPreviousWeek)]);
  integrity.notes.push(L.anchorNote[lang]);
  return [overview, decisions, approvals, consents, art14, integrity];
}

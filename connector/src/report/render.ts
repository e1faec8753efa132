// The weekly report as plain text and as HTML, German first, then English (the e-mail's two parts and the CLI's output).
import type { WeeklyReport } from '../workflows/weekly-report';
import { reportSections, type Lang, type Section, type Table } from './sections';

const LANGS: readonly Lang[] = ['de', 'en'];

export function reportSubject(report: WeeklyReport): string {
  return `Sphere Datenschutz-Wochenbericht / weekly privacy report ${report.week}`;
}

function textTable(table: Table): string[] {
  if (table.rows.length === 0) return ['    —'];
  const widths = table.head.map((h, i) => Math.max(h.length, ...table.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => `    ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd();
  return [line(table.head), ...table.rows.map(line)];
}

function textSection(section: Section, top: boolean): string[] {
  const underline = (top ? '=' : '-').repeat(section.title.length);
  const width = Math.max(0, ...section.lines.map(([label]) => label.length));
  return [
    section.title, underline,
    ...section.lines.map(([label, value]) => `${`${label}:`.padEnd(width + 1)} ${value}`),
    ...section.tables.flatMap(({ caption, table }) => [`  ${caption}:`, ...textTable(table)]),
    ...section.notes.map((note) => `! ${note}`),
    '',
  ];
}

export function reportText(report: WeeklyReport): string {
  return LANGS.map((lang) => reportSections(report, lang).flatMap((s, i) => textSection(s, i === 0)).join('\n')).join('\n\n');
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function htmlTable(table: Table): string {
  const cells = (tag: string, row: string[]): string => `<tr>${row.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  const body = table.rows.length > 0 ? table.rows.map((r) => cells('td', r)).join('') : `<tr><td colspan="${table.head.length}">—</td></tr>`;
  return `<table border="1" cellpadding="4" cellspacing="0"><thead>${cells('th', table.head)}</thead><tbody>${body}</tbody></table>`;
}

function htmlSection(section: Section, top: boolean): string {
  const tag = top ? 'h1' : 'h2';
  const lines = section.lines.length > 0
    ? `<table>${section.lines.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>`
    : '';
  const tables = section.tables.map(({ caption, table }) => `<h3>${escapeHtml(caption)}</h3>${htmlTable(table)}`).join('');
  const notes = section.notes.map((note) => `<p><strong>${escapeHtml(note)}</strong></p>`).join('');
  return `<${tag}>${escapeHtml(section.title)}</${tag}>${lines}${tables}${notes}`;
}

export function reportHtml(report: WeeklyReport): string {
  const parts = LANGS.map((lang) => `<section lang="${lang}">${reportSections(report, lang).map((s, i) => htmlSection(s, i === 0)).join('')}</section>`);
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(reportSubject(report))}</title></head><body>${parts.join('<hr>')}</body></html>`;
}

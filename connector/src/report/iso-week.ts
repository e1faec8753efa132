// ISO-8601 weeks in UTC (`2026-W48`: Monday 00:00 to the next Monday 00:00), the unit of the DPO's weekly report.

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

export interface IsoWeek {
  /** `2026-W48` */
  label: string;
  /** Monday 00:00:00.000 UTC, included */
  start: Date;
  /** the next Monday 00:00:00.000 UTC, excluded */
  end: Date;
}

export class InvalidWeekError extends Error {}

/** Midnight UTC of the Monday of the week `at` falls in. */
export function mondayOf(at: Date): Date {
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const sinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  return new Date(midnight - sinceMonday * DAY_MS);
}

/** Monday of ISO week 1: the week holding 4 January. */
function firstMonday(year: number): Date {
  return mondayOf(new Date(Date.UTC(year, 0, 4)));
}

/** 52 or 53: the week of 28 December is always the year's last. */
export function weeksInYear(year: number): number {
  return weekOf(new Date(Date.UTC(year, 11, 28))).week;
}

/** ISO year and week number of a moment: the week belongs to the year of its Thursday. */
function weekOf(at: Date): { year: number; week: number } {
  const monday = mondayOf(at);
  const year = new Date(monday.getTime() + 3 * DAY_MS).getUTCFullYear();
  return { year, week: 1 + Math.round((monday.getTime() - firstMonday(year).getTime()) / WEEK_MS) };
}

function build(start: Date): IsoWeek {
  const { year, week } = weekOf(start);
  return { label: `${year}-W${String(week).padStart(2, '0')}`, start, end: new Date(start.getTime() + WEEK_MS) };
}

/** The ISO week a moment falls in. */
export function weekContaining(at: Date): IsoWeek {
  return build(mondayOf(at));
}

/** The last week that has ended at `now` (on a Monday: the week up to this morning's midnight). */
export function lastCompleteWeek(now: Date): IsoWeek {
  return build(new Date(mondayOf(now).getTime() - WEEK_MS));
}

/** `2026-W48` → the week; anything else throws InvalidWeekError naming the problem. */
export function parseIsoWeek(text: string): IsoWeek {
  const match = WEEK_PATTERN.exec(text);
  if (!match) throw new InvalidWeekError(`week ${JSON.stringify(text)} is not an ISO week; use YYYY-Www, e.g. 2026-W48`);
  const year = Number(match[1]);
  const week = Number(match[2]);
  const weeks = weeksInYear(year);
  if (year < 1970) throw new InvalidWeekError(`week ${text}: year ${year} is before 1970`);
  if (week < 1 || week > weeks) throw new InvalidWeekError(`week ${text}: ${year} has weeks W01 to W${weeks}`);
  return build(new Date(firstMonday(year).getTime() + (week - 1) * WEEK_MS));
}

/** The first Monday `hourUtc`:00 UTC strictly after `now`: when the scheduled report goes out next. */
export function nextMondayAt(now: Date, hourUtc: number): Date {
  const thisWeeks = new Date(mondayOf(now).getTime() + hourUtc * 3_600_000);
  return thisWeeks.getTime() > now.getTime() ? thisWeeks : new Date(thisWeeks.getTime() + WEEK_MS);
}

/** `YYYY-MM-DD` of a moment in UTC. */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

/** The day `days` after a `YYYY-MM-DD` day. */
export const addDays = (day: string, days: number): string => dayOf(new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS));

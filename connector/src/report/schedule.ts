// Mails the weekly report inside `sphere serve`: every Monday 06:00 UTC for the week that just ended. A failed send is
// logged and retried hourly for that week until the next Monday's run takes over; nothing here ever throws into the
// server. The clock is injected, so tests drive the plan without waiting; the real timer never keeps the process alive.
import type { Logger } from 'pino';
import { errorMessage } from '../rego/errors';
import { lastCompleteWeek, nextMondayAt, type IsoWeek } from './iso-week';

export interface ScheduleClock {
  now(): Date;
  /** Runs `task` once after `ms` milliseconds (a test's clock may await the promise it returns). */
  setTimer(task: () => Promise<void>, ms: number): { cancel(): void };
}

/** Real time; the timer is unref'd so a pending report never holds a shutting-down process open. */
export const systemClock: ScheduleClock = {
  now: () => new Date(),
  setTimer(task, ms) {
    // run() logs every failure itself; this catch only keeps an unforeseen one from becoming an unhandled rejection.
    const timer = setTimeout(() => { task().catch(() => undefined); }, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

export interface ScheduleOptions {
  /** Hour (UTC) on Mondays at which the report is sent. */
  hourUtc?: number;
  retryMs?: number;
  /**
   * Whether a week's report went out already (by any connector). With it, a start after this week's run time sends the
   * last week's report when it did not go out (the connector was down on Monday morning).
   */
  sentAlready?: (week: IsoWeek) => Promise<boolean>;
}

/** What a send did: mailed it, or left it to another connector that has sent or is sending it. */
export type SendOutcome = 'sent' | 'skipped';

export interface PlannedRun { at: Date; week: IsoWeek; retry: boolean }

export class WeeklyReportSchedule {
  private timer: { cancel(): void } | null = null;
  private stopped = true;
  private planned: PlannedRun | null = null;
  private readonly hourUtc: number;
  private readonly retryMs: number;
  private readonly sentAlready?: (week: IsoWeek) => Promise<boolean>;

  constructor(
    private readonly send: (week: IsoWeek) => Promise<SendOutcome | void>,
    private readonly log: Logger,
    private readonly clock: ScheduleClock = systemClock,
    options: ScheduleOptions = {},
  ) {
    this.hourUtc = options.hourUtc ?? 6;
    this.retryMs = options.retryMs ?? 3_600_000;
    this.sentAlready = options.sentAlready;
  }

  /** The run waiting for its time (null when stopped). */
  get next(): PlannedRun | null {
    return this.planned;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.planRegular();
    this.log.info({ next: this.planned?.at.toISOString(), week: this.planned?.week.label }, 'weekly DPO report scheduled');
    void this.catchUp();
  }

  /** Sends the last week's report now when its Monday run has passed and it did not go out. */
  private async catchUp(): Promise<void> {
    if (!this.sentAlready) return;
    const now = this.clock.now();
    const lastRun = new Date(nextMondayAt(now, this.hourUtc).getTime() - 7 * 86_400_000);
    const week = lastCompleteWeek(lastRun);
    let sent: boolean;
    try {
      sent = await this.sentAlready(week);
    } catch (err) {
      this.log.warn({ week: week.label, err: errorMessage(err) }, 'could not tell whether the last weekly DPO report went out');
      return;
    }
    if (sent || this.stopped || this.planned?.retry) return;
    this.log.info({ week: week.label }, 'the last weekly DPO report did not go out; sending it now');
    this.plan({ at: now, week, retry: true });
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    this.planned = null;
  }

  /** Next Monday 06:00 UTC, for the week that ends that morning. */
  private planRegular(): void {
    const at = nextMondayAt(this.clock.now(), this.hourUtc);
    this.plan({ at, week: lastCompleteWeek(at), retry: false });
  }

  private plan(run: PlannedRun): void {
    if (this.stopped) return;
    this.timer?.cancel();
    this.planned = run;
    this.timer = this.clock.setTimer(() => this.run(run.week), Math.max(0, run.at.getTime() - this.clock.now().getTime()));
  }

  private async run(week: IsoWeek): Promise<void> {
    this.timer = null;
    this.planned = null;
    try {
      const outcome = await this.send(week);
      if (outcome === 'skipped') this.log.info({ week: week.label }, 'weekly DPO report already sent, or being sent, by another connector');
      else this.log.info({ week: week.label }, 'weekly DPO report sent');
      this.planRegular();
    } catch (err) {
      // The sender removes credentials from its errors; only the message is logged, never the error object with its config.
      const message = errorMessage(err);
      const now = this.clock.now();
      const retryAt = new Date(now.getTime() + this.retryMs);
      const regular = nextMondayAt(now, this.hourUtc);
      if (retryAt.getTime() < regular.getTime()) {
        this.log.error({ week: week.label, err: message, retryAt: retryAt.toISOString() }, 'weekly DPO report not sent; retrying');
        this.plan({ at: retryAt, week, retry: true });
      } else {
        this.log.error({ week: week.label, err: message }, 'weekly DPO report not sent; giving up on this week (the next week\'s report is due)');
        this.planRegular();
      }
    }
  }
}

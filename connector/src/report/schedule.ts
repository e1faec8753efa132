// Mails the weekly report inside `sphere serve`: every Monday 06:00 UTC for the week that just ended. A failed send is
// logged and retried hourly for that week until the next Monday's run takes over; nothing here ever throws into the
// server. The clock is injected, so tests drive the plan without waiting; the real timer never keeps the process alive.
import type { Logger } from 'pino';
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
}

export interface PlannedRun { at: Date; week: IsoWeek; retry: boolean }

export class WeeklyReportSchedule {
  private timer: { cancel(): void } | null = null;
  private stopped = true;
  private planned: PlannedRun | null = null;
  private readonly hourUtc: number;
  private readonly retryMs: number;

  constructor(
    private readonly send: (week: IsoWeek) => Promise<void>,
    private readonly log: Logger,
    private readonly clock: ScheduleClock = systemClock,
    options: ScheduleOptions = {},
  ) {
    this.hourUtc = options.hourUtc ?? 6;
    this.retryMs = options.retryMs ?? 3_600_000;
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
      await this.send(week);
      this.log.info({ week: week.label }, 'weekly DPO report sent');
      this.planRegular();
    } catch (err) {
      // The sender removes credentials from its errors; only the message is logged, never the error object with its config.
      const message = err instanceof Error ? err.message : String(err);
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

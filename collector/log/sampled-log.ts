/**
 * Rate limit for log lines about bad requests: every occurrence is counted (metrics do that),
 * but at most one line per event kind is written per interval, carrying how many occurrences it
 * stands for. A fuzzer or a broken client then costs a few lines a minute, not one per request.
 */
export class LogSampler {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly intervalMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Whether to write a line for this occurrence of `event` now; when true, `suppressed` is how
   * many occurrences since the previous line were not written.
   */
  take(event: string): { log: boolean; suppressed: number } {
    const t = this.now();
    const e = this.last.get(event);
    if (e === undefined || t - e.at >= this.intervalMs) {
      const suppressed = e?.suppressed ?? 0;
      this.last.set(event, { at: t, suppressed: 0 });
      return { log: true, suppressed };
    }
    e.suppressed++;
    return { log: false, suppressed: e.suppressed };
  }
}

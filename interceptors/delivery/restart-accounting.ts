import type { SeqGap } from './gap-record';

/** What a restart knows about the previous run of the same spool. */
export interface PreviousRun {
  /** Highest number in the spool or acknowledged (the spool's open report). */
  persistedMax: number;
  /** The previous run's `assignedTo` mark: numbers used outside the spool are at most this. */
  assignedTo: number;
  /** The previous run's reserved high-water mark. */
  reservedTo: number;
  /** Loss ranges it saved and has not reported yet. */
  declared: readonly SeqGap[];
  /**
   * True ('write-ahead'): numbers are assigned in the same step as the spool write, so the used
   * ones are known exactly. False ('overflow'): records were numbered in memory, so every reserved
   * number beyond the spool may have been used — an upper bound.
   */
  exact: boolean;
}

export interface RestartAccounting {
  /** Ranges to declare as 'restart': used, and neither spooled, acknowledged nor already declared. */
  lost: Array<{ from: number; to: number }>;
  /** Exact mode: the highest number the previous run used; numbering resumes after it. */
  resumeAfter: number | undefined;
}

/** Pure: which numbers of a previous run are lost, and where numbering goes on. */
export function restartAccounting(run: PreviousRun): RestartAccounting {
  let from = run.persistedMax + 1;
  const to = run.exact ? run.assignedTo : run.reservedTo;
  const lost: RestartAccounting['lost'] = [];
  // Numbers already declared by saved gaps are not declared twice.
  for (const g of [...run.declared].sort((a, b) => a.from - b.from)) {
    if (g.to < from || g.from > to) continue;
    if (g.from > from) lost.push({ from, to: Math.min(g.from - 1, to) });
    from = Math.max(from, g.to + 1);
  }
  if (from <= to) lost.push({ from, to });
  const resumeAfter = run.exact ? Math.max(run.persistedMax, run.assignedTo, ...run.declared.map((g) => g.to)) : undefined;
  return { lost, resumeAfter };
}

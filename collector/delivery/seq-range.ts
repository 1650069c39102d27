/** A closed range of sequence numbers. */
export interface SeqRange {
  from: number;
  to: number;
  count: number;
}

export function seqRange(from: number, to: number): SeqRange {
  return { from, to, count: to - from + 1 };
}

/** `ranges` minus the union of `cover`; both lists need not be sorted. Pure. */
export function subtractRanges(ranges: readonly SeqRange[], cover: ReadonlyArray<{ from: number; to: number }>): SeqRange[] {
  const cuts = [...cover].sort((a, b) => a.from - b.from);
  const out: SeqRange[] = [];
  for (const r of ranges) {
    let from = r.from;
    for (const c of cuts) {
      if (c.to < from) continue;
      if (c.from > r.to) break;
      if (c.from > from) out.push(seqRange(from, c.from - 1));
      from = Math.max(from, c.to + 1);
      if (from > r.to) break;
    }
    if (from <= r.to) out.push(seqRange(from, r.to));
  }
  return out;
}

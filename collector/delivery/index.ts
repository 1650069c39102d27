/** Collector-side delivery checks: sequence gaps per emitter, client/server completeness, metrics. */
export { findSequenceGaps, gapRangeOf, type DeclaredGap, type EmitterSequence, type GapQueryOptions, type GapReport } from './sequence-gaps';
export { completenessReport, type CompletenessOptions, type CompletenessReport, type UnmatchedSide } from './completeness';
export { registerGapMetrics, type GapMetricsOptions } from './open-gaps-gauge';
export { subtractRanges, seqRange, type SeqRange } from './seq-range';

import type { CorpusLine } from './pii-score';

/** Placeholder replaced below in this same change set. */
export async function runUntypedGrpc(_lines: readonly CorpusLine[], _policy?: string): Promise<{ outputs: unknown[]; millis: number }> {
  throw new Error('--grpc: not implemented yet');
}

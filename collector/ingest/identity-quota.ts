import { IdentityQuotaError } from './ingest-errors';

export interface IdentityQuotaLimits {
  /** Export calls of one identity being decoded and mapped at once. */
  maxConcurrentRequests: number;
  /** Records of one identity accepted and not yet stored. */
  maxPendingRecords: number;
}

interface Usage {
  requests: number;
  pending: number;
}

/**
 * Per-identity share of the collector, so that one workload cannot starve the others: a bound on
 * its calls in progress (each large call is mapped in slices, and slices of concurrent calls take
 * turns, so this bounds how many turns one identity gets per round) and on its records waiting
 * for storage (so it cannot fill the shared pending queue). Over a bound the call gets
 * RESOURCE_EXHAUSTED (retryable) at once; other identities are unaffected. O(1) per call.
 */
export class IdentityQuota {
  private readonly usage = new Map<string, Usage>();

  constructor(readonly limits: IdentityQuotaLimits) {}

  /** Starts a call for `identity`; throws IdentityQuotaError when it has too many in progress. Pair with `leave`. */
  enter(identity: string): void {
    const u = this.usage.get(identity) ?? { requests: 0, pending: 0 };
    if (u.requests >= this.limits.maxConcurrentRequests) {
      throw new IdentityQuotaError(`identity ${identity} has ${u.requests} Export calls in progress (limits.perIdentity.maxConcurrentRequests ${this.limits.maxConcurrentRequests}); retry later`);
    }
    u.requests++;
    this.usage.set(identity, u);
  }

  leave(identity: string): void {
    const u = this.usage.get(identity);
    if (!u) return;
    u.requests--;
    this.drop(identity, u);
  }

  /** Reserves `n` pending records for `identity`; throws IdentityQuotaError over the bound. Pair with `release`. */
  reserve(identity: string, n: number): void {
    const u = this.usage.get(identity) ?? { requests: 0, pending: 0 };
    if (u.pending + n > this.limits.maxPendingRecords) {
      throw new IdentityQuotaError(
        `identity ${identity} has ${u.pending} records waiting to be stored (limits.perIdentity.maxPendingRecords ${this.limits.maxPendingRecords}); retry later`,
      );
    }
    u.pending += n;
    this.usage.set(identity, u);
  }

  release(identity: string, n: number): void {
    const u = this.usage.get(identity);
    if (!u) return;
    u.pending -= n;
    this.drop(identity, u);
  }

  private drop(identity: string, u: Usage): void {
    if (u.requests <= 0 && u.pending <= 0) this.usage.delete(identity);
  }
}

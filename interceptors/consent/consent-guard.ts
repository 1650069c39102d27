import { status as GrpcStatus } from '@grpc/grpc-js';
import type { SchemaRegistry } from '../decode/schema-registry';
import type { Keyring } from '../mask/keyring/keyring';
import { Pseudonymizer } from '../mask/strategies/pseudonymize';
import { ConsentFeed, type ConsentFeedOptions } from './consent-feed';
import { ConsentState } from './consent-state';
import { compileGetter, parseFieldPaths, subjectFieldPaths, subjectValues, type SubjectFieldPath, type SubjectGetter } from './subject-fields';

export interface ConsentGuardOptions {
  /**
   * The keyring the masker uses: subject references must be computed with the same HMAC keys as
   * the ones in the collector's registry (the PostgreSQL keyring shares them across processes).
   */
  keyring: Keyring;
  /** Follow the collector's consent registry; without it the state is fed by hand (tests, embedding). */
  feed?: ConsentFeedOptions;
  /**
   * While the feed is not connected (collector unreachable, not yet synchronised): 'last-state'
   * (default) keeps deciding on the last state received — nothing refused before the first one;
   * 'refuse' refuses every consent-based call with UNAVAILABLE (fail-closed).
   */
  whenDisconnected?: 'last-state' | 'refuse';
  /** Subject-id field paths per method path ('/pkg.Svc/Method' → ['customer.id']), besides the annotated ones. */
  subjectFields?: Record<string, string[]>;
}

/** What the guard knows about a method, computed at its first call. */
export interface ConsentMethodPlan {
  purpose: string;
  /** One compiled reader per subject-id field of the request. */
  getters: SubjectGetter[];
}

export interface ConsentRefusal {
  code: GrpcStatus;
  details: string;
}

export interface ConsentGuardStats {
  /** Calls checked (consent-based methods only). */
  checks: number;
  /** Calls refused because a subject's consent for the purpose is withdrawn. */
  refusedWithdrawn: number;
  /** Calls refused because the state was not available and whenDisconnected is 'refuse'. */
  refusedUnavailable: number;
}

export const CONSENT_WITHDRAWN_MESSAGE = 'consent for this purpose is withdrawn';
export const CONSENT_UNKNOWN_MESSAGE = 'consent state is not available (the collector cannot be reached)';

/**
 * Refuses calls about a data subject whose consent for the method's purpose is withdrawn, before
 * the server's handler runs (or before the client sends). Only methods whose lawful basis is
 * `consent` are checked; for every other method the plan is null and the guard costs one Map
 * read. A check is: read the subject-id fields, pseudonymise them (memoised HMAC), two Map reads.
 * Plug it in with `createGrpcAudit({ consentGuard })`.
 */
export class ConsentGuard {
  readonly state = new ConsentState();
  readonly stats: ConsentGuardStats = { checks: 0, refusedWithdrawn: 0, refusedUnavailable: 0 };
  readonly feed: ConsentFeed | undefined;
  private readonly pseudonymizer: Pseudonymizer;
  /** Retired pseudonymisation keys' ids (a withdrawal may be keyed by a reference made before a rotation). */
  private retiredKeys: string[] = [];
  private retiredFor = '';
  private readonly retiredMemo = new Map<string, string | undefined>();
  private readonly plans = new Map<string, ConsentMethodPlan | null>();
  private readonly refuseDisconnected: boolean;
  private readonly values: string[] = [];

  constructor(private readonly options: ConsentGuardOptions) {
    if (!options.keyring) throw new TypeError('ConsentGuard: keyring is required (the masker’s keyring)');
    this.pseudonymizer = new Pseudonymizer(options.keyring);
    this.refuseDisconnected = options.whenDisconnected === 'refuse';
    if (options.feed) this.feed = new ConsentFeed(this.state, options.feed);
  }

  /** Starts following the collector (idempotent). */
  start(): void {
    this.feed?.start();
  }

  /** Resolves once the first state arrived from the collector. */
  ready(): Promise<void> {
    return this.feed ? this.feed.ready() : Promise.resolve();
  }

  stop(): void {
    this.feed?.stop();
  }

  /**
   * The plan of a method given its purpose and lawful basis (from annotations or configuration);
   * null when the method is not consent-based or has no purpose.
   */
  planFor(path: string, purpose: unknown, lawfulBasis: unknown, registry: SchemaRegistry | undefined): ConsentMethodPlan | null {
    let plan = this.plans.get(path);
    if (plan !== undefined) return plan;
    plan = null;
    if (lawfulBasis === 'consent' && typeof purpose === 'string' && purpose !== '') {
      const paths: SubjectFieldPath[] = [];
      const schema = registry?.lookupMethod(path);
      if (schema) paths.push(...subjectFieldPaths(schema.requestType));
      const extra = this.options.subjectFields?.[path];
      if (extra) paths.push(...parseFieldPaths(extra));
      if (paths.length > 0) plan = { purpose, getters: paths.map(compileGetter) };
    }
    this.plans.set(path, plan);
    return plan;
  }

  /** Checks one request message; returns the refusal, or undefined to let the call go on. */
  check(plan: ConsentMethodPlan, message: unknown): ConsentRefusal | undefined {
    this.stats.checks++;
    if (this.refuseDisconnected && this.feed && !this.feed.connected) {
      this.stats.refusedUnavailable++;
      return { code: GrpcStatus.UNAVAILABLE, details: CONSENT_UNKNOWN_MESSAGE };
    }
    const values = this.values;
    values.length = 0;
    subjectValues(message, plan.getters, values);
    for (let i = 0; i < values.length; i++) {
      if (this.state.isWithdrawn(this.pseudonymizer.pseudonym(values[i]), plan.purpose) || this.withdrawnUnderRetiredKey(values[i], plan.purpose)) {
        this.stats.refusedWithdrawn++;
        return { code: GrpcStatus.PERMISSION_DENIED, details: `${CONSENT_WITHDRAWN_MESSAGE} (${plan.purpose})` };
      }
    }
    return undefined;
  }

  /**
   * After a key rotation, withdrawals recorded before it are keyed by the reference under the old
   * key. Checked only when the keyring has retired keys (the usual case has none: no extra cost);
   * references under retired keys are memoised (bounded).
   */
  private withdrawnUnderRetiredKey(value: string, purpose: string): boolean {
    const current = this.options.keyring.currentHmacKey().id;
    if (current !== this.retiredFor) {
      const ids = (this.options.keyring as { hmacKeyIds?(): string[] }).hmacKeyIds?.() ?? [];
      this.retiredKeys = ids.filter((id) => id !== current);
      this.retiredFor = current;
      this.retiredMemo.clear();
    }
    for (let k = 0; k < this.retiredKeys.length; k++) {
      const memoKey = `${this.retiredKeys[k]}\u0000${value}`;
      let ref = this.retiredMemo.get(memoKey);
      if (ref === undefined && !this.retiredMemo.has(memoKey)) {
        ref = this.pseudonymizer.pseudonymUnder(this.retiredKeys[k], value);
        if (this.retiredMemo.size >= 4096) this.retiredMemo.clear();
        this.retiredMemo.set(memoKey, ref);
      }
      if (ref !== undefined && this.state.isWithdrawn(ref, purpose)) return true;
    }
    return false;
  }
}

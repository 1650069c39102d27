import {
  ATTR_METADATA_PREFIX,
  ATTR_PAYLOAD,
  ATTR_POLICY_VERSION,
  ATTR_STATUS_DETAILS,
  ATTR_STATUS_MESSAGE,
} from '../../interceptors/delivery/attributes';
import type { Masker, MaskScope, TextSite } from '../../interceptors/mask/masker';
import { RequestLimitError } from './ingest-errors';
import type { SpanBody } from './span-to-record';
import type { TrustedPolicies } from './trusted-policies';
import { stringAttr, type TypedAttributes, type TypedValue } from './typed-value';

/**
 * Defence in depth: masking happens in the emitting process, but the collector runs the content
 * detectors again over the parts of a span that carry application data — payload events,
 * recorded metadata, status messages and details, exception messages and stack traces, the span
 * status message.
 * RPC semantic-convention attributes (addresses, method names) are left alone on purpose: they
 * are not payload and detectors such as "IP address" would destroy them.
 *
 * Only content detectors run here (`maskText`), never field-name rules: the emitter's policy
 * already decided about named fields, and re-applying name hints to pseudonyms would mangle them.
 * What was masked is counted, never listed (a list of keys can itself leak).
 */
const EXCEPTION_MESSAGE = 'exception.message';
/** A stack trace's first line repeats the exception message, so it carries the same data. */
const EXCEPTION_STACKTRACE = 'exception.stacktrace';

/** How a span was guarded: every value scanned, scanned as a sample of a trusted emitter, or trusted unscanned. */
export type GuardScan = 'full' | 'sampled' | 'skipped';

export interface GuardOutcome {
  scan: GuardScan;
  /** Values the guard masked (0 when skipped or clean). */
  masked: number;
  /** The record's `grpcaudit.policy.version`, when it has one. */
  policyVersion?: string;
}

export interface PayloadGuardOptions {
  /** Emitters whose masking is trusted; their records are only sample-scanned. */
  trusted?: TrustedPolicies;
  /** Share of trusted records scanned, 0..1 (guard.sampleRate). */
  sampleRate?: number;
  /** Uniform [0, 1) source for the sample decision; injectable for deterministic tests. */
  random?: () => number;
  /** Nesting depth of a payload walked before the span is refused with RequestLimitError (limits.maxPayloadDepth, default 100). */
  maxPayloadDepth?: number;
}

export class UnmaskedDataError extends Error {
  override readonly name = 'UnmaskedDataError';
  /** Set by inspect(): whether the find came from a full scan or a trusted emitter's sample. */
  scan?: GuardScan;
  policyVersion?: string;
  constructor(readonly count: number) {
    super(`span carries ${count} value(s) the collector's detectors classify as sensitive and unmasked`);
  }
}

const DEFAULT_MAX_PAYLOAD_DEPTH = 100;

const REDACTION_MARKER = /^\[REDACTED(:[a-z_]+)?\]$/;

function guarded(key: string): boolean {
  return key === ATTR_PAYLOAD || key.startsWith(ATTR_METADATA_PREFIX) || key === ATTR_STATUS_MESSAGE || key === ATTR_STATUS_DETAILS || key === EXCEPTION_MESSAGE || key === EXCEPTION_STACKTRACE;
}

export class PayloadGuard {
  private readonly trusted: TrustedPolicies | undefined;
  private readonly sampleRate: number;
  private readonly random: () => number;
  private readonly maxDepth: number;

  constructor(
    private readonly masker: Masker,
    /** 'mask': mask and keep; 'reject': throw UnmaskedDataError when anything was found. */
    private readonly mode: 'mask' | 'reject',
    options: PayloadGuardOptions = {},
  ) {
    this.trusted = options.trusted && !options.trusted.empty ? options.trusted : undefined;
    this.sampleRate = options.sampleRate ?? 1;
    this.random = options.random ?? Math.random;
    this.maxDepth = options.maxPayloadDepth ?? DEFAULT_MAX_PAYLOAD_DEPTH;
  }

  /**
   * Guards one span sent by `identity`. A record whose `grpcaudit.policy.version` is trusted for
   * that identity is scanned with probability `sampleRate` (a find is then handled exactly as in a
   * full scan — masked here or rejected — and reported as `sampled` so it can be alerted on);
   * every other record is scanned in full. Throws UnmaskedDataError (with `scan` set) in 'reject' mode.
   */
  inspect(body: SpanBody, identity: string): GuardOutcome {
    let scan: GuardScan = 'full';
    let policyVersion: string | undefined;
    if (this.trusted) {
      policyVersion = stringAttr(body.attributes, ATTR_POLICY_VERSION);
      if (this.trusted.trusts(identity, policyVersion)) {
        if (!(this.sampleRate > 0 && this.random() < this.sampleRate)) return { scan: 'skipped', masked: 0, policyVersion };
        scan = 'sampled';
      }
    }
    try {
      return { scan, masked: this.apply(body), policyVersion };
    } catch (err) {
      if (err instanceof UnmaskedDataError) {
        err.scan = scan;
        err.policyVersion = policyVersion;
      }
      throw err;
    }
  }

  /** Masks the span body in place; returns how many values were masked. */
  apply(body: SpanBody): number {
    const scope: MaskScope = { count: 0 };
    this.attributes(body.attributes, scope);
    for (const e of body.events) this.attributes(e.attributes, scope);
    if (body.status.message) body.status.message = this.masker.maskText(body.status.message, scope, { kind: 'status-message' });
    if (scope.count > 0) {
      if (this.mode === 'reject') throw new UnmaskedDataError(scope.count);
      body.collectorMaskedCount = scope.count;
    }
    return scope.count;
  }

  private attributes(attrs: TypedAttributes, scope: MaskScope): void {
    for (const key of Object.keys(attrs)) {
      if (!guarded(key)) continue;
      const v = attrs[key];
      attrs[key] = key === ATTR_PAYLOAD ? this.payload(v, scope) : this.value(v, scope, siteFor(key));
    }
  }

  /** The payload is canonical JSON text: walk it so keys and values are checked one by one. */
  private payload(v: TypedValue, scope: MaskScope): TypedValue {
    if (!v || !('stringValue' in v)) return this.value(v, scope, { kind: 'unknown-field', fieldPath: '' });
    let parsed: unknown;
    try {
      parsed = JSON.parse(v.stringValue);
    } catch {
      // Truncated payloads are cut mid-token; check them as plain text.
      return { stringValue: this.masker.maskText(v.stringValue, scope, { kind: 'unknown-field', fieldPath: '' }) };
    }
    const before = scope.count;
    const masked = this.json(parsed, scope, '', 0);
    return scope.count === before ? v : { stringValue: JSON.stringify(masked) };
  }

  /** Recursive, but never deeper than maxDepth: a hostile payload is refused before the stack is at risk. */
  private json(v: unknown, scope: MaskScope, path: string, depth: number): unknown {
    if (typeof v === 'string') return this.masker.maskText(v, scope, { kind: 'unknown-field', fieldPath: path });
    if (v === null || typeof v !== 'object') return v;
    if (depth >= this.maxDepth) throw new RequestLimitError(`payload nested deeper than limits.maxPayloadDepth (${this.maxDepth})`);
    if (Array.isArray(v)) return v.map((x) => this.json(x, scope, `${path}[]`, depth + 1));
    // Null prototype: a "__proto__" key stays an ordinary key instead of setting the prototype.
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, x] of Object.entries(v)) {
      const key = this.masker.maskText(k, scope, { kind: 'json-key' });
      out[distinctKey(out, v as object, key)] = this.json(x, scope, path ? `${path}.${k}` : k, depth + 1);
    }
    return out;
  }

  private value(v: TypedValue, scope: MaskScope, site: TextSite): TypedValue {
    if (!v) return v;
    if ('stringValue' in v) {
      // A value the emitter already replaced by a marker is masked; re-masking it would only count a false alarm.
      if (REDACTION_MARKER.test(v.stringValue)) return v;
      const s = this.masker.maskText(v.stringValue, scope, site);
      return s === v.stringValue ? v : { stringValue: s };
    }
    if ('arrayValue' in v) return { arrayValue: v.arrayValue.map((x) => this.value(x, scope, site)) };
    if ('kvlistValue' in v) {
      const out: TypedAttributes = {};
      for (const [k, x] of Object.entries(v.kvlistValue)) out[k] = this.value(x, scope, site);
      return { kvlistValue: out };
    }
    return v;
  }
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/**
 * `key` unless an earlier key of the object already took it — two keys masked to the same
 * marker (`[REDACTED:email]`) must not overwrite each other: both values are kept, the later one
 * under `key#2` (`#3`, …), a name no key of the original object has.
 */
function distinctKey(out: object, original: object, key: string): string {
  if (!hasOwn(out, key)) return key;
  for (let n = 2; ; n++) {
    const candidate = `${key}#${n}`;
    if (!hasOwn(out, candidate) && !hasOwn(original, candidate)) return candidate;
  }
}

function siteFor(key: string): TextSite {
  if (key.startsWith(ATTR_METADATA_PREFIX)) return { kind: 'metadata', key: key.slice(ATTR_METADATA_PREFIX.length) };
  if (key === ATTR_STATUS_MESSAGE) return { kind: 'status-message' };
  if (key === ATTR_STATUS_DETAILS) return { kind: 'error-details' };
  return { kind: 'exception' };
}

import type { ServerInterceptingCallInterface } from '@grpc/grpc-js';
import { globToRegExp } from '../config/identity-glob';

/** Set on a server span when the caller's identity is not registered for the method's purpose. */
export const ATTR_PURPOSE_UNREGISTERED = 'grpcaudit.purpose.unregistered';
/** The caller's workload identity (SPIFFE ID from its verified client certificate), set with the flag. */
export const ATTR_CALLER_IDENTITY = 'grpcaudit.caller.identity';

export const PURPOSE_REFUSED_MESSAGE = 'the caller is not registered for the purpose of this method';

export interface PurposeRegistryOptions {
  /**
   * Identity (SPIFFE ID; `*` = within one path segment, `**` = anything) → the purposes it is
   * registered for. An identity matching several entries has the union.
   */
  identities: Record<string, string[]>;
  /** 'flag' (default): record the mismatch on the span; 'enforce': refuse with PERMISSION_DENIED. */
  mode?: 'flag' | 'enforce';
}

export type PurposeVerdict = 'ok' | 'flag' | 'refuse';

const MEMO_LIMIT = 4096;

/**
 * Purpose limitation (Art. 5(1)(b)) on the server: a method annotated with purpose P, called by a
 * workload identity not registered for P, is flagged on its record — or refused in enforce mode.
 * The caller's identity is the URI SAN of its TLS-verified client certificate (plaintext callers
 * have none and are never registered). Verdicts are memoised per (SAN text, purpose).
 */
export class PurposeRegistry {
  readonly enforce: boolean;
  private readonly rules: Array<{ identity: RegExp; purposes: ReadonlySet<string> }>;
  private readonly memo = new Map<string, boolean>();

  constructor(options: PurposeRegistryOptions) {
    if (!options || typeof options.identities !== 'object') throw new TypeError('PurposeRegistry: identities is required');
    if (options.mode !== undefined && options.mode !== 'flag' && options.mode !== 'enforce') throw new TypeError("PurposeRegistry: mode must be 'flag' or 'enforce'");
    this.enforce = options.mode === 'enforce';
    this.rules = Object.entries(options.identities).map(([glob, purposes]) => ({ identity: globToRegExp(glob), purposes: new Set(purposes) }));
  }

  isRegistered(identity: string | undefined, purpose: string): boolean {
    if (identity === undefined) return false;
    return this.rules.some((r) => r.purposes.has(purpose) && r.identity.test(identity));
  }

  /** The verdict for a server call of a method with `purpose`. */
  verdict(purpose: string, call: ServerInterceptingCallInterface): PurposeVerdict {
    const san = peerSan(call);
    const key = `${purpose}\u0000${san ?? ''}`;
    let ok = this.memo.get(key);
    if (ok === undefined) {
      ok = this.isRegistered(san === undefined ? undefined : spiffeIdOf(san), purpose);
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(key, ok);
    }
    return ok ? 'ok' : this.enforce ? 'refuse' : 'flag';
  }

  /** The caller's identity as recorded with a flag. */
  callerIdentity(call: ServerInterceptingCallInterface): string {
    const san = peerSan(call);
    return (san && spiffeIdOf(san)) ?? 'unauthenticated';
  }
}

function peerSan(call: ServerInterceptingCallInterface): string | undefined {
  const ctx = call.getAuthContext?.();
  const cert = ctx?.sslPeerCertificate as { subjectaltname?: string } | undefined;
  return ctx?.transportSecurityType === 'ssl' && cert ? cert.subjectaltname ?? '' : undefined;
}

/** The single `URI:spiffe://…` entry of Node's subjectaltname text; undefined when not exactly one. */
function spiffeIdOf(san: string): string | undefined {
  let found: string | undefined;
  for (const part of san.split(', ')) {
    if (!part.startsWith('URI:')) continue;
    if (found !== undefined) return undefined;
    found = part.slice(4);
  }
  return found !== undefined && found.startsWith('spiffe://') ? found : undefined;
}

import { status } from '@grpc/grpc-js';
import type { IdentityPolicy } from '../authz/identity-policy';
import { identityFromAuthContext, type AuthContext } from '../authz/peer-identity';
import type { AdminMethod } from './admin-proto';
import { mayCall } from './admin-roles';

/** Who is calling an admin method and whether they may. */
export type AdminCaller =
  | { ok: true; identity: string }
  /** `identity` is set when the caller authenticated but lacks the role (the attempt is recorded). */
  | { ok: false; code: status; message: string; identity?: string };

/**
 * Authenticates an admin call by its mTLS client certificate and checks the identity's roles in
 * the current identity policy. Plaintext (insecure) mode has no identities, so every admin call is
 * refused there: the admin API never runs unauthenticated.
 */
export function adminCaller(
  ctx: AuthContext,
  method: AdminMethod,
  policy: IdentityPolicy,
  opts: { insecure: boolean; allowCommonName: boolean },
): AdminCaller {
  if (opts.insecure) return { ok: false, code: status.UNAUTHENTICATED, message: 'the admin API needs mTLS; the collector runs in insecure mode' };
  const peer = identityFromAuthContext(ctx, opts.allowCommonName);
  if (!peer.ok) return { ok: false, code: status.UNAUTHENTICATED, message: peer.detail };
  const roles = policy.rolesOf?.(peer.identity);
  if (!roles || !mayCall(roles, method)) {
    return { ok: false, code: status.PERMISSION_DENIED, message: `${peer.identity} holds no role that may call ${method}`, identity: peer.identity };
  }
  return { ok: true, identity: peer.identity };
}

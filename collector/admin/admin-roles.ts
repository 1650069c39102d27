import type { AdminRole } from '../authz/identity-policy';
import type { AdminMethod } from './admin-proto';

/**
 * Which roles may call which admin method (issue 12): an auditor reads, exports and verifies; a
 * data-protection officer erases, records consent and places legal holds; either may look a
 * subject's consent or the holds up.
 * Emitter identities hold no role and may call none of them.
 */
export const METHOD_ROLES: Readonly<Record<AdminMethod, readonly AdminRole[]>> = {
  QueryRecords: ['auditor'],
  VerifyLedger: ['auditor'],
  ExportSubject: ['auditor'],
  EraseSubject: ['dpo'],
  SetConsent: ['dpo'],
  GetConsent: ['dpo', 'auditor'],
  PlaceLegalHold: ['dpo'],
  ReleaseLegalHold: ['dpo'],
  ListLegalHolds: ['dpo', 'auditor'],
};

export function mayCall(roles: ReadonlySet<AdminRole>, method: AdminMethod): boolean {
  return METHOD_ROLES[method].some((r) => roles.has(r));
}

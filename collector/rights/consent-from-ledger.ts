import { ADMIN_SERVICE } from '../admin/admin-proto';
import { parseAdminBody } from '../admin/admin-record';
import type { RecordStore, StoredRecord } from '../store/record-store';
import type { ConsentChange, ConsentRegistry } from './consent-registry';

const PAGE = 1000;
export const SET_CONSENT_METHOD = `/${ADMIN_SERVICE}/SetConsent`;

/**
 * Rebuilds the consent registry from the ledger at start-up: every successful SetConsent admin
 * record, applied in leaf order. Returns how many changes were applied.
 */
export async function loadConsentFromLedger(store: RecordStore, registry: ConsentRegistry): Promise<number> {
  const rows: StoredRecord[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.query({ recordType: 'admin', method: SET_CONSENT_METHOD }, { limit: PAGE, offset, order: 'asc' });
    rows.push(...page);
    if (page.length < PAGE) break;
  }
  rows.sort((a, b) => a.leafIndex - b.leafIndex);
  let n = 0;
  for (const r of rows) {
    const change = consentChangeOf(r);
    if (change) {
      registry.apply(change);
      n++;
    }
  }
  return n;
}

/** The consent change an admin record holds, undefined for other records or failed attempts. */
export function consentChangeOf(r: StoredRecord): ConsentChange | undefined {
  const body = parseAdminBody(r.body);
  if (!body || body.action !== 'SetConsent' || body.outcome !== 'ok' || r.subjectRefs.length !== 1) return undefined;
  const d = body.details;
  if (typeof d.purpose !== 'string' || (d.state !== 'granted' && d.state !== 'withdrawn')) return undefined;
  return {
    subjectRef: r.subjectRefs[0],
    purpose: d.purpose,
    state: d.state,
    source: typeof d.source === 'string' ? d.source : '',
    changedAtMs: r.receivedAtMs,
    changedBy: r.identity,
    leafIndex: r.leafIndex,
  };
}

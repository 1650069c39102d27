import { ATTR_RECORD_ID } from '../../interceptors/export/attributes';

/**
 * Attributes the collector adds to every forwarded span, so a trace backend links each span to
 * the audit record that proves it: `grpc-audit query`/`verify` by record id or ledger position.
 */
export const ATTR_FORWARD_RECORD_ID = ATTR_RECORD_ID;
/** Authenticated identity (SPIFFE ID) of the workload that reported the record. */
export const ATTR_FORWARD_IDENTITY = 'grpcaudit.identity';
/** Position of the record in the Merkle ledger (leaf index). */
export const ATTR_FORWARD_LEDGER_INDEX = 'grpcaudit.ledger.index';

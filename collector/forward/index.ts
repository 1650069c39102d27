/** Forwarding stored records to OTLP backends (collector/forward). */
export { forwardConfigSchema, type ForwardConfig, type ForwardExporterConfig } from './forward-config';
export { startForwarding, defaultSender, type Forwarding, type ForwardingDeps } from './forwarding';
export { Forwarder } from './forwarder';
export { ATTR_FORWARD_IDENTITY, ATTR_FORWARD_LEDGER_INDEX, ATTR_FORWARD_RECORD_ID } from './forward-attributes';
export { encodeForwardRequest, type StoredForForward } from './record-to-otlp';
export type { OtlpSender, SendOutcome } from './otlp-sender';

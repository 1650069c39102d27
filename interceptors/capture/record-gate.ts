/**
 * Asked before a fail-closed call proceeds: can its record be kept (spooled durably)?
 * Implemented by the durable exporter; when it answers false the call is rejected with
 * UNAVAILABLE before it reaches the network (client) or the handler (server).
 */
export interface RecordGate {
  canRecord(methodPath: string): boolean;
}

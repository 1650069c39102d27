/** Moved to collector/compose/open-sink.ts (the composition root); kept so existing imports keep working. */
export { openConfiguredSink, type LedgerSinkOptions } from '../compose/open-sink';

import pino from 'pino';

/**
 * Structured JSON logs (pino). Callers log identities, service names, counts, codes and reasons
 * — never payloads or attribute values (house rule: no leak). `destination` lets tests capture
 * lines; production writes to stdout.
 */
export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ name: 'grpc-audit-collector', level, base: { component: 'collector' } }, destination ?? pino.destination(1));
}

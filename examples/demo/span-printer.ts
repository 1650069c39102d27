import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * A console exporter for people: one block per span with the RPC facts, grpc-audit's attributes
 * and each message event's decoded, masked payload. (OpenTelemetry's ConsoleSpanExporter prints
 * raw objects; this prints what an auditor reads.)
 */
export class DemoSpanPrinter implements SpanExporter {
  private stopped = false;

  constructor(private readonly write: (text: string) => void = (t) => process.stdout.write(t)) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (!this.stopped) for (const span of spans) this.write(formatSpan(span) + '\n');
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
  }

  async forceFlush(): Promise<void> {}
}

const KIND: Record<number, string> = { [SpanKind.CLIENT]: 'CLIENT', [SpanKind.SERVER]: 'SERVER', [SpanKind.INTERNAL]: 'INTERNAL', [SpanKind.PRODUCER]: 'PRODUCER', [SpanKind.CONSUMER]: 'CONSUMER' };
const GRPC_CODES = ['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED'];

function durationMs(span: ReadableSpan): string {
  const [s, ns] = span.duration;
  return (s * 1e3 + ns / 1e6).toFixed(1) + ' ms';
}

function pretty(json: unknown): string {
  if (typeof json !== 'string') return String(json);
  try {
    return JSON.stringify(JSON.parse(json), null, 2).replace(/\n/g, '\n        ');
  } catch {
    return json; // a truncated payload is not valid JSON: print it as is
  }
}

/** The readable block for one span (pure; used by the demo and its test). */
export function formatSpan(span: ReadableSpan): string {
  const a = span.attributes;
  const code = a['rpc.grpc.status_code'];
  const status = typeof code === 'number' ? `${GRPC_CODES[code] ?? code} (${code})` : span.status.code === SpanStatusCode.ERROR ? 'ERROR' : 'OK';
  const lines: string[] = [];
  lines.push(`── ${KIND[span.kind] ?? span.kind} ${span.name}   ${status}   ${durationMs(span)}`);
  const parent = span.parentSpanContext?.spanId;
  lines.push(`   trace ${span.spanContext().traceId}  span ${span.spanContext().spanId}${parent ? `  parent ${parent}` : ''}`);
  const peer = a['server.address'] !== undefined ? `server ${a['server.address']}:${a['server.port'] ?? ''}` : a['network.peer.address'] !== undefined ? `peer ${a['network.peer.address']}:${a['network.peer.port'] ?? ''}` : '';
  lines.push(`   ${a['grpcaudit.call.type'] ?? ''}  ${peer}  record=${a['grpcaudit.record.level'] ?? ''}  schema=${a['grpcaudit.schema'] ?? ''}`);
  const purpose = ['grpcaudit.purpose', 'grpcaudit.lawful_basis', 'grpcaudit.retention_class'].filter((k) => a[k] !== undefined).map((k) => `${k.slice(10)}=${a[k]}`);
  if (purpose.length) lines.push(`   ${purpose.join('  ')}`);
  lines.push(`   masked=${a['grpcaudit.masked.count'] ?? 0}  policy=${a['grpcaudit.policy.version'] ?? ''}${a['grpcaudit.subject_refs'] ? `  subjects=${(a['grpcaudit.subject_refs'] as string[]).join(',')}` : ''}`);
  const md = Object.keys(a).filter((k) => k.startsWith('grpcaudit.metadata.'));
  for (const k of md) lines.push(`   ${k.slice('grpcaudit.metadata.'.length)}: ${a[k]}`);
  if (a['grpcaudit.status.message'] !== undefined) lines.push(`   status message: ${a['grpcaudit.status.message']}`);
  if (a['grpcaudit.status.details'] !== undefined) lines.push(`   status details: ${a['grpcaudit.status.details']}`);
  for (const e of span.events) {
    if (e.name !== 'rpc.message') continue;
    const ea = e.attributes ?? {};
    const arrow = ea['message.type'] === 'SENT' ? '→ SENT' : '← RECEIVED';
    const size = ea['message.uncompressed_size'] !== undefined ? ` (${ea['message.uncompressed_size']} B)` : '';
    const flags = [ea['grpcaudit.payload.truncated'] ? 'truncated' : '', ea['grpcaudit.payload.error'] ? `error: ${ea['grpcaudit.payload.error']}` : ''].filter(Boolean).join(', ');
    lines.push(`   ${arrow} #${ea['message.id']}${size}${flags ? ` [${flags}]` : ''}`);
    if (ea['grpcaudit.payload'] !== undefined) lines.push(`        ${pretty(ea['grpcaudit.payload'])}`);
  }
  return lines.join('\n');
}

/**
 * The messages the benchmark sends: ~1 KiB each, in two flavours. "pii" puts e-mail addresses,
 * Luhn-valid card numbers and phone numbers in free-text fields and fills the annotated profile
 * fields, so masking has work on every message; "clean" has the same shape and size with plain
 * words and no annotated personal fields, so only the detectors' pre-filters run.
 * A few variants rotate so that no cache keyed on a value identity can flatter the figures.
 */
import type { PayloadKind } from './protocol';

export const VARIANTS = 16;
export const CHUNKS_PER_STREAM = 200;

const WORDS = (
  'order shipment parcel invoice account delivery window status pending confirmed warehouse route ' +
  'priority standard express return policy balance statement quarter region north south east west ' +
  'catalogue item quantity discount voucher loyalty programme member since updated reviewed'
).split(' ');

/** Deterministic filler text of exactly `length` characters (no digits, no '@'). */
export function words(seed: number, length: number): string {
  let s = '';
  let i = seed * 7;
  while (s.length < length) s += WORDS[i++ % WORDS.length] + ' ';
  return s.slice(0, length);
}

/** Appends the Luhn check digit to a 15-digit prefix. */
export function withLuhn(prefix: string): string {
  let sum = 0;
  for (let i = 0; i < prefix.length; i++) {
    let d = prefix.charCodeAt(prefix.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return prefix + String((10 - (sum % 10)) % 10);
}

function card(v: number): string {
  const digits = withLuhn('4539' + String(100000000000 + v * 7919).slice(0, 11));
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}
function email(v: number): string {
  return `jane.doe${v}@example.com`;
}
function phone(v: number): string {
  return `+44 20 7946 0${String(100 + v * 37).padStart(3, '0').slice(-3)}`;
}

/**
 * Strings whose presence in an exported span means the masking let PII through. Only the
 * free-text and annotated values; the subject id is PUBLIC by annotation and kept on purpose.
 */
export interface PiiMarker {
  kind: 'email' | 'card' | 'phone' | 'name';
  value: string;
}

export function piiMarkers(): PiiMarker[] {
  const out: PiiMarker[] = [];
  for (let v = 0; v < VARIANTS + 1; v++) {
    out.push({ kind: 'email', value: email(v) }, { kind: 'card', value: card(v) }, { kind: 'card', value: card(v).replace(/ /g, '') });
    out.push({ kind: 'phone', value: phone(v) }, { kind: 'name', value: `Jane Doe ${v}` });
  }
  return out;
}

function piiText(v: number, length: number): string {
  const core =
    `Customer ${email(v)} called from ${phone(v)} about card ${card(v)}; ` +
    `refund to ${card(v + 1).replace(/ /g, '')} and reply to ${email(v + 1)} or ${phone(v + 1)}. `;
  let s = '';
  let i = 0;
  while (s.length < length) s += (i++ % 2 === 0 ? core : words(v + i, 120) + '. ');
  return s.slice(0, length);
}

function text(kind: PayloadKind, v: number, length: number): string {
  return kind === 'pii' ? piiText(v, length) : words(v, length);
}

function profile(kind: PayloadKind, v: number): Record<string, unknown> {
  const base = { customer_id: `cust-${String(v).padStart(6, '0')}`, city: 'Manchester', tier: v % 3 };
  if (kind === 'clean') return base;
  return { ...base, full_name: `Jane Doe ${v}`, email: email(v), card_number: card(v) };
}

/** Requests for Echo (the orchestrator's pii flag tells the server which responses to send). */
export function echoRequests(kind: PayloadKind): Record<string, unknown>[] {
  const out = [];
  for (let v = 0; v < VARIANTS; v++) {
    out.push({
      request_id: '',
      profile: profile(kind, v),
      note: text(kind, v, 690),
      tags: [words(v, 40), words(v + 1, 40), words(v + 2, 40)],
      order_number: String(900000000 + v),
      labels: { channel: 'web', locale: 'en-GB', campaign: words(v + 3, 60) },
      pii: kind === 'pii',
    });
  }
  return out;
}

export function echoResponses(kind: PayloadKind): Record<string, unknown>[] {
  const out = [];
  for (let v = 0; v < VARIANTS; v++) {
    out.push({ request_id: '', profile: profile(kind, v), message: text(kind, v + 5, 930), processed_at_ms: 0 });
  }
  return out;
}

/** The server's stream: CHUNKS_PER_STREAM messages of ~1 KiB. */
export function chunks(kind: PayloadKind): Record<string, unknown>[] {
  const variants = [];
  for (let v = 0; v < VARIANTS; v++) variants.push(text(kind, v, 1010));
  const out = [];
  for (let i = 0; i < CHUNKS_PER_STREAM; i++) out.push({ index: i, text: variants[i % VARIANTS] });
  return out;
}

import type { Detector, Match, ScanContext } from './detector';
import { luhnValid } from './luhn';

/**
 * MAC addresses (`00:1a:2b:3c:4d:5e`, `00-1A-2B-3C-4D-5E`, Cisco `001a.2b3c.4d5e`): found from the
 * separators (`indexOf`), two hex digits before the first of them and no hex digit or separator
 * glued on either side (an IPv6 address or a longer hex string is not a MAC). All-zero and
 * broadcast addresses identify no device and stay.
 */
const MAC = /(?:[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![0-9A-Za-z_]|[:.-][0-9A-Fa-f])/y;

export const macAddressDetector: Detector = {
  category: 'mac_address',
  priority: 6,
  anchor: 'self',
  minLength: 14,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    // ':' and '.' here; the '-' form is found by deviceIdDetector's walk over the dashes
    macsAfter(text, ':', 2, out);
    macsAfter(text, '.', 4, out);
  },
};

/** MACs whose first separator is `sep`, `back` hex digits after their start (unrolled: no array per call). */
function macsAfter(text: string, sep: string, back: number, out: Match[]): void {
  for (let p = text.indexOf(sep, back); p >= 0; p = text.indexOf(sep, p + 1)) {
    const s = p - back;
    // the next separator where a MAC has it, before anything else
    if (text.charCodeAt(p + back + 1) !== text.charCodeAt(p) || !hexRun(text, s, p) || isGlued(text.charCodeAt(s - 1))) continue;
    MAC.lastIndex = s;
    if (!MAC.test(text)) continue;
    const end = MAC.lastIndex;
    const v = text.slice(s, end).toLowerCase();
    if (/^(?:00[:.-]?){5}00$|^(?:ff[:.-]?){5}ff$/.test(v.replace(/\./g, ''))) continue;
    out.push({ start: s, end, category: 'mac_address', priority: 6 });
    p = end;
  }
}

/** A dash-separated MAC ('00-1A-2B-3C-4D-5E') whose first dash is at p: its end, or -1. */
function dashMacAt(text: string, p: number): number {
  const s = p - 2;
  if (text.charCodeAt(p + 3) !== 45 || !hexRun(text, s, p) || isGlued(text.charCodeAt(s - 1))) return -1;
  MAC.lastIndex = s;
  if (!MAC.test(text)) return -1;
  const end = MAC.lastIndex;
  const v = text.slice(s, end).toLowerCase();
  return v === '00-00-00-00-00-00' || v === 'ff-ff-ff-ff-ff-ff' ? -1 : end;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function hexRun(text: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (!isHex(text.charCodeAt(i))) return false;
  return true;
}

/** A character that would make the hex part of something longer (a word, an IPv6 group, a digest). */
function isGlued(c: number): boolean {
  return isHex(c) || c === 58 || c === 45 || c === 46 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isLabelGap(c: number): boolean {
  return c === 32 || c === 34 || c === 39 || c === 58 || c === 61;
}

/** Words that make a 15-digit Luhn number an IMEI, or a UUID an advertising id. */
const IMEI_CONTEXT = /(?:imei|meid|handset|device(?: ?id)?|gerät|appareil|dispositivo|urządzeni)[\s#:=no.-]{0,6}$/i;
const AD_ID_LABEL = /(?:idfa|idfv|gaid|aaid|adid|ad[ _-]?id|advertising[ _-]?id|ifa)["']?\s*[:=]?\s*["']?$/i;
const UUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z])/y;

/**
 * Device identifiers: IMEIs (15 digits, Luhn; plain or grouped 2-6-6-1 / 8-6-1) after a word such
 * as `IMEI` or `device`, and advertising ids (IDFA, GAID/AAID: a UUID) when labelled — an
 * unlabelled UUID is a request id.
 */
export const deviceIdDetector: Detector = {
  category: 'device_id',
  also: ['mac_address'],
  priority: 9,
  anchor: 'self',
  minLength: 14,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    {
      for (const run of ctx.digitRuns()) {
        if (run.digitCount < 15) continue;
        const g = run.groups;
        for (let i = 0; i < g.length; i++) {
          // the label ends at most six characters before the IMEI: a digit there means no label (a card's later groups)
          if (digitWithin(text, g[i].start, 7) || !IMEI_CONTEXT.test(text.slice(Math.max(0, g[i].start - 24), g[i].start))) continue;
          let digits = '';
          for (let j = i; j < g.length && digits.length < 15; j++) {
            if (j > i && g[j].start - g[j - 1].end !== 1) break;
            digits += text.slice(g[j].start, g[j].end);
            if (digits.length === 15 && luhnValid(digits)) {
              out.push({ start: g[i].start, end: g[j].end, category: 'device_id', priority: 9 });
              i = j;
            }
          }
        }
      }
    }
    // one walk over the dashes: MACs written with dashes (reported as mac_address, kept out by the
    // scanner when that category is off), and UUIDs (8-4-4-4-12) with a label's last letter before them
    for (let p = text.indexOf('-', 2); p >= 0; p = text.indexOf('-', p + 1)) {
      if (text.charCodeAt(p + 3) === 45) {
        const end = dashMacAt(text, p);
        if (end > 0) {
          out.push({ start: p - 2, end, category: 'mac_address', priority: 6 });
          p = end;
          continue;
        }
      }
      if (p < 8) continue;
      if (text.charCodeAt(p + 5) !== 45 || text.charCodeAt(p + 10) !== 45 || text.charCodeAt(p + 15) !== 45) continue;
      const s = p - 8;
      // every label ends in 'a', 'd' or 'v' (idfa, gaid, ad id, idfv) before quotes, ':' or '='
      let q = s;
      while (q > 0 && isLabelGap(text.charCodeAt(q - 1))) q--;
      const last = text.charCodeAt(q - 1) | 32;
      if (q === s || (last !== 97 && last !== 100 && last !== 118)) {
        p += 15;
        continue;
      }
      UUID.lastIndex = s;
      if (!UUID.test(text) || isHex(text.charCodeAt(s - 1))) continue;
      if (AD_ID_LABEL.test(text.slice(Math.max(0, s - 28), s))) out.push({ start: s, end: UUID.lastIndex, category: 'device_id', priority: 9 });
      p = UUID.lastIndex;
    }
  },
};

/** A digit among the `n` characters before `at`. */
function digitWithin(text: string, at: number, n: number): boolean {
  for (let k = Math.max(0, at - n); k < at; k++) {
    const c = text.charCodeAt(k);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

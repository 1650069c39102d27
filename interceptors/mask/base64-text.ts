/**
 * A whole value written in base64 (standard or URL alphabet, padded or not) whose bytes are
 * printable UTF-8 text: the text, for the detectors to scan; otherwise undefined. A JWT segment or
 * random key bytes decode to binary and are left to their own detectors. Cheap on ordinary text:
 * the first character outside the alphabet (a space, a '.') ends the check.
 */
const BASE64 = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;
/** Shortest encoded value worth decoding: 12 bytes of text ('a@b.co' alone is shorter than any finding with context). */
const MIN_LENGTH = 16;

export function decodedBase64Text(value: string): string | undefined {
  if (value.length < MIN_LENGTH || !BASE64.test(value)) return undefined;
  // letters of one case only or digits only: an id or a hex digest, not encoded text
  if (!/[a-z]/.test(value) || !/[A-Z]/.test(value)) return undefined;
  const bytes = Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
  if (bytes.length < 8) return undefined;
  let printable = 0;
  for (const b of bytes) if ((b >= 32 && b < 127) || b === 9 || b === 10 || b === 13 || b >= 0x80) printable++;
  if (printable < bytes.length) return undefined;
  const text = bytes.toString('utf8');
  return text.includes('\ufffd') ? undefined : text;
}

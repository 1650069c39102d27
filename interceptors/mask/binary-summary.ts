import { createHash } from 'node:crypto';

/**
 * What the record keeps of bytes that are not text: their length and, from 16 bytes up, the
 * first 64 bits of their SHA-256 (enough to tell two blobs apart or match a known file; below
 * 16 bytes a digest could be reversed by trying every value, so only the length is kept).
 * Never the bytes themselves: binary payloads (images, encrypted blobs, packed records) are not
 * looked into, and base64 of them could carry anything.
 */
export function binarySummary(bytes: Uint8Array): string {
  if (bytes.length < 16) return `binary:len=${bytes.length}`;
  const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  return `binary:len=${bytes.length};sha256=${digest}`;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The bytes as text when they are valid UTF-8 with no control characters but tab/CR/LF, else undefined. */
export function bytesAsText(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return undefined;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0x7f) return undefined;
  }
  return text;
}

import type { NoteSigner, NoteVerifierKey } from './signing-key';

/**
 * The C2SP signed-note envelope: the text, a blank line, then one line per signature,
 * `— <key name> <base64(keyid(4) ‖ signature)>`. The signature covers the text bytes exactly.
 */
const SIG_PREFIX = '\u2014 ';

export class NoteError extends Error {
  override readonly name = 'NoteError';
}

export function signNote(text: string, signer: NoteSigner): string {
  if (!text.endsWith('\n')) throw new NoteError('note: text must end with a newline');
  const sig = signer.sign(Buffer.from(text, 'utf8'));
  return `${text}\n${SIG_PREFIX}${signer.name} ${Buffer.concat([signer.keyId, sig]).toString('base64')}\n`;
}

/**
 * Splits a signed note and checks it carries a valid signature by `verifier`. Returns the signed
 * text. Throws NoteError saying which part is wrong (layout, no signature by this key, bad signature).
 */
export function openNote(note: string, verifier: NoteVerifierKey): string {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new NoteError('note: no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const sigLines = note.slice(split + 2, -1).split('\n');
  let sawName = false;
  for (const line of sigLines) {
    if (!line.startsWith(SIG_PREFIX)) throw new NoteError(`note: malformed signature line ${JSON.stringify(line.slice(0, 40))}`);
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.lastIndexOf(' ');
    if (space <= 0) throw new NoteError('note: signature line lacks a key name');
    const name = rest.slice(0, space);
    const blob = Buffer.from(rest.slice(space + 1), 'base64');
    if (name !== verifier.name) continue;
    sawName = true;
    if (blob.length < 5 || !blob.subarray(0, 4).equals(verifier.keyId)) continue;
    if (verifier.verify(Buffer.from(text, 'utf8'), blob.subarray(4))) return text;
    throw new NoteError(`note: signature by ${name} does not verify`);
  }
  throw new NoteError(
    sawName
      ? `note: no signature by key ${verifier.name}+${verifier.keyId.toString('hex')} (signed by another key of that name)`
      : `note: not signed by ${verifier.name}`,
  );
}

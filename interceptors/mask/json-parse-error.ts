/**
 * Describes a JSON.parse failure by position only. Node 20's own message quotes the input
 * (`Unexpected token 'c', "c2VjcmV0LW"... is not valid JSON`), and the input may be a message
 * full of personal data (`grpc-audit mask`) or key material (a keyring file), so it must never
 * be repeated in an error that reaches stderr or a log.
 */
export function describeJsonParseError(err: unknown, text: string): string {
  const m = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  if (m) return `not valid JSON (at column ${Number(m[1]) + 1})`;
  return text.trim().length > 0 ? 'not valid JSON (unexpected end or token)' : 'not valid JSON';
}

import * as fs from 'node:fs';
import { loadVerifierKey, type NoteVerifierKey } from '../ledger/signing-key';
import { describeJsonParseError } from '../../interceptors/mask/json-parse-error';
import type { SubjectBundle } from '../rights/subject-bundle';
import { verifyBundle } from '../rights/verify-bundle';

/**
 * `grpc-audit verify --bundle FILE --key PUB`: checks a subject export offline. The key must come
 * from outside the bundle (the key line inside it is informational). Exit codes as verify: 0 ok,
 * 1 a problem in the bundle, 2 cannot check.
 */
export function runBundleCheck(file: string, key: string | undefined, format: string): number {
  const err = (m: string): number => {
    process.stderr.write(`grpc-audit verify: ${m}\n`);
    return 2;
  };
  if (key === undefined) return err('--bundle needs --key (the collector public key, kept apart from the bundle)');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return err(`cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let bundle: SubjectBundle;
  try {
    bundle = JSON.parse(text) as SubjectBundle;
  } catch (e) {
    return err(`${file} is ${describeJsonParseError(e, text)}`);
  }
  let verifier: NoteVerifierKey;
  try {
    verifier = loadVerifierKey(typeof bundle?.origin === 'string' ? bundle.origin : '', key);
  } catch (e) {
    return err((e as Error).message);
  }
  const report = verifyBundle(bundle, verifier);
  if (format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (report.ok) process.stdout.write(`OK: ${report.records} records proven in the signed tree of ${report.treeSize} (root ${report.rootHash})\n`);
  else process.stdout.write(`FAILED: ${report.problem!.message}${report.problem!.leafIndex !== undefined ? ` (leaf ${report.problem!.leafIndex})` : ''}\n`);
  return report.ok ? 0 : 1;
}

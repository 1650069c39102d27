import * as fs from 'node:fs';
import type { Command } from 'commander';
import { addConnectionOptions, callAdmin, subjectSelector, type AdminConnectionFlags } from '../admin-client';

interface SubjectFlags extends AdminConnectionFlags {
  subject: string;
  reason: string;
  out?: string;
}

/**
 * `grpc-audit subject export|erase`: a data subject's rights (Art. 15/20, Art. 17) through the
 * collector's admin API. `--subject` is the subject's id (pseudonymised by the collector with the
 * keyring's keys, never stored) or a reference `hmac:<key>:<digest>`.
 */
export function register(program: Command): void {
  const subject = program.command('subject').description("a data subject's rights: export (Art. 15/20) and erasure (Art. 17)");

  addConnectionOptions(
    subject
      .command('export')
      .description('every record about the subject as a JSON bundle with inclusion proofs (check with verify --bundle)')
      .requiredOption('--subject <id>', 'subject id or reference hmac:<key>:<digest>')
      .requiredOption('--reason <text>', 'why (recorded in the ledger)')
      .option('--out <file>', 'write the bundle here (default: stdout)'),
  ).action(async (flags: SubjectFlags) => {
    const res = await callAdmin<{ bundleJson: string; records: number }>(flags, 'ExportSubject', { reason: flags.reason, subject: subjectSelector(flags.subject) });
    const pretty = `${JSON.stringify(JSON.parse(res.bundleJson), null, 2)}\n`;
    if (flags.out) {
      fs.writeFileSync(flags.out, pretty, { mode: 0o600 });
      process.stderr.write(`${res.records} records written to ${flags.out}\n`);
    } else process.stdout.write(pretty);
  });

  addConnectionOptions(
    subject
      .command('erase')
      .description("destroy the subject's data keys (crypto-shredding): records and proofs stay, encrypted values become unreadable")
      .requiredOption('--subject <id>', 'subject id or reference hmac:<key>:<digest>')
      .requiredOption('--reason <text>', 'why (recorded in the ledger)'),
  ).action(async (flags: SubjectFlags) => {
    const res = await callAdmin<{ subjectRefs: string[]; keysDestroyed: number; recordLeafIndex: number }>(flags, 'EraseSubject', {
      reason: flags.reason,
      subject: subjectSelector(flags.subject),
    });
    process.stdout.write(`erased: ${res.keysDestroyed} data keys destroyed for ${res.subjectRefs.join(', ')} (admin record at leaf ${res.recordLeafIndex})\n`);
  });
}

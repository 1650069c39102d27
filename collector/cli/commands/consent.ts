import type { Command } from 'commander';
import type { ConsentEntryMessage } from '../../admin/admin-proto';
import { addConnectionOptions, callAdmin, subjectSelector, type AdminConnectionFlags } from '../admin-client';

interface ConsentFlags extends AdminConnectionFlags {
  subject: string;
  purpose?: string;
  source?: string;
  reason: string;
  format: string;
}

/** `grpc-audit consent grant|withdraw|show`: the lawful-basis registry in the collector. */
export function register(program: Command): void {
  const consent = program.command('consent').description("record or show a data subject's consent per purpose");
  for (const [name, state] of [['grant', 'CONSENT_STATE_GRANTED'], ['withdraw', 'CONSENT_STATE_WITHDRAWN']] as const) {
    addConnectionOptions(
      consent
        .command(name)
        .description(`${name} the subject's consent for a purpose (recorded in the ledger; guards follow within a second)`)
        .requiredOption('--subject <id>', 'subject id or reference hmac:<key>:<digest>')
        .requiredOption('--purpose <purpose>', 'purpose as annotated on methods, e.g. marketing')
        .requiredOption('--reason <text>', 'why (recorded in the ledger)')
        .option('--source <text>', 'where the decision came from, e.g. web-form', ''),
    ).action(async (flags: ConsentFlags) => {
      const res = await callAdmin<{ entry: ConsentEntryMessage }>(flags, 'SetConsent', {
        reason: flags.reason,
        subject: subjectSelector(flags.subject),
        purpose: flags.purpose,
        state,
        source: flags.source,
      });
      process.stdout.write(`${describe(res.entry)}\n`);
    });
  }
  addConnectionOptions(
    consent
      .command('show')
      .description("the subject's consent per purpose")
      .requiredOption('--subject <id>', 'subject id or reference hmac:<key>:<digest>')
      .requiredOption('--reason <text>', 'why (recorded in the ledger)')
      .option('--format <format>', 'text | json', 'text'),
  ).action(async (flags: ConsentFlags) => {
    const res = await callAdmin<{ entries: ConsentEntryMessage[] }>(flags, 'GetConsent', { reason: flags.reason, subject: subjectSelector(flags.subject) });
    if (flags.format === 'json') process.stdout.write(`${JSON.stringify(res.entries, null, 2)}\n`);
    else if (res.entries.length === 0) process.stdout.write('no consent recorded\n');
    else for (const e of res.entries) process.stdout.write(`${describe(e)}\n`);
  });
}

function describe(e: ConsentEntryMessage): string {
  const state = e.state === 'CONSENT_STATE_GRANTED' ? 'granted' : 'withdrawn';
  return `${e.subjectRef} ${e.purpose}: ${state} at ${new Date(e.changedAtMs).toISOString()} by ${e.changedBy}${e.source ? ` (source: ${e.source})` : ''}`;
}

import type { Command } from 'commander';
import { writeDevCerts } from '../../authz/dev-certs';

/** `grpc-audit certs dev`: local CA + collector certificate + SPIFFE workload certificates. */
export function register(program: Command): void {
  const certs = program.command('certs').description('certificate helpers for the collector');
  certs
    .command('dev')
    .description('create a local CA, a collector server certificate (localhost, 127.0.0.1) and SPIFFE workload certificates, for demos and tests')
    .requiredOption('--out <dir>', 'directory to write into (created; keys get mode 0600)')
    .option('--trust-domain <domain>', 'SPIFFE trust domain', 'example.org')
    .option('--workload <name...>', 'workload name(s); each gets spiffe://<trust-domain>/<name>', [])
    .option('--force', 'overwrite existing files', false)
    .action(async (opts: { out: string; trustDomain: string; workload: string[]; force: boolean }) => {
      const res = await writeDevCerts({ outDir: opts.out, trustDomain: opts.trustDomain, workloads: opts.workload, force: opts.force });
      process.stdout.write(`wrote ${res.files.length} files to ${opts.out}\n`);
      for (const w of res.workloads) process.stdout.write(`  ${w.spiffeId}  ${w.certFile}\n`);
      process.stdout.write('development use only: keep ca.key private and never reuse these files in production\n');
    });
}

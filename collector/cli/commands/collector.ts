import type { Command } from 'commander';
import { loadCollectorConfig, type CollectorFlags } from '../../config/load-config';
import { openConfiguredSink } from '../../ingest/open-sink';
import { createLogger } from '../../log/logger';
import { startCollector } from '../../server';

/** `grpc-audit collector`: runs the OTLP collector until SIGINT/SIGTERM, then shuts down gracefully. */
export function register(program: Command): void {
  program
    .command('collector')
    .description('run the audit collector (OTLP/gRPC over mTLS → store + Merkle ledger)')
    .option('--config <file>', 'YAML configuration file (see docs/collector.md)')
    .option('--insecure', 'plaintext without client authentication — local demos only')
    .option('--listen <host:port>', 'OTLP gRPC listen address (default 127.0.0.1:4317)')
    .option('--metrics-listen <host:port|off>', 'Prometheus endpoint (default 127.0.0.1:9464)')
    .option('--store-path <file>', 'SQLite file')
    .option('--policy-file <file>', 'identity policy YAML')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent')
    .action(async (opts: CollectorFlags & { metricsListen?: string }) => {
      const flags: CollectorFlags = {
        ...opts,
        metricsListen: opts.metricsListen === undefined ? undefined : /^(off|false)$/i.test(opts.metricsListen) ? false : opts.metricsListen,
      };
      const config = loadCollectorConfig({ flags });
      const logger = createLogger(config.log.level);
      const handle = await startCollector(config, { logger, openSink: openConfiguredSink });
      process.stdout.write(`collector listening on ${handle.address}${handle.metricsPort !== undefined ? `, metrics on port ${handle.metricsPort}` : ''}\n`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string): void => {
          logger.info({ event: 'signal', signal }, 'shutting down');
          handle.shutdown().then(resolve, (err: Error) => {
            logger.error({ event: 'shutdown_failed', message: err.message }, 'shutdown failed');
            process.exitCode = 1;
            resolve();
          });
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
    });
}

import type { Command } from 'commander';
import { runUntilSignal } from '../../../mesh/run-until-signal';
import { ConfigError } from '../../../interceptors/config/config-error';
import { loadSidecarConfig, type SidecarFlags } from '../../../mesh/sidecar-config';
import { startSidecar } from '../../../mesh/sidecar';

/** `grpc-audit sidecar`: a recording gRPC proxy in front of (inbound) or behind (outbound) an application. */
export function register(program: Command): void {
  program
    .command('sidecar')
    .description('run a recording gRPC sidecar proxy: relays every call unchanged and records it (decoded, masked) to the collector (see docs/mesh.md)')
    .option('--listen <host:port>', 'listen address (default 127.0.0.1:15001)')
    .option('--upstream <host:port>', 'the application (inbound) or the remote service (outbound)')
    .option('--direction <inbound|outbound>', 'inbound: the application is the server; outbound: it is the client (default inbound)')
    .option('--descriptors <file.pb>', 'schemas from a FileDescriptorSet (buf build -o, protoc --descriptor_set_out)')
    .option('--reflection', "schemas from the upstream's server reflection (v1, else v1alpha)")
    .option('--config <file>', 'YAML configuration (TLS, collector, application identity, audit options)')
    .action(async (opts: SidecarFlags & { config?: string }) => {
      let handle;
      try {
        const config = loadSidecarConfig(opts.config, opts);
        handle = await startSidecar(config);
      } catch (err) {
        if (err instanceof ConfigError) {
          process.stderr.write(`grpc-audit sidecar: ${err.message}\n`);
          process.exitCode = 2;
          return;
        }
        throw err;
      }
      process.stdout.write(`sidecar listening on ${handle.address}\n`);
      await runUntilSignal('sidecar', handle.shutdown);
    });
}

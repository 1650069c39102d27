import type { Command } from 'commander';
import { runUntilSignal } from '../../../mesh/run-until-signal';
import { ConfigError } from '../../../interceptors/config/config-error';
import { loadSidecarConfig, type SidecarFlags } from '../../../mesh/sidecar-config';
import { startExtProc } from '../../../mesh/ext-proc/ext-proc';

/** `grpc-audit ext-proc`: Envoy's external processor that records the gRPC calls Envoy proxies. */
export function register(program: Command): void {
  program
    .command('ext-proc')
    .description("run an Envoy external processor (envoy.service.ext_proc.v3): records the gRPC calls an Envoy/Istio sidecar streams to it, always answering CONTINUE (see docs/mesh.md)")
    .option('--listen <host:port>', 'gRPC listen address for Envoy (default 127.0.0.1:15001)')
    .option('--direction <inbound|outbound>', 'inbound: Envoy fronts the application (server); outbound: the application is the client (default inbound)')
    .option('--descriptors <file.pb>', 'schemas from a FileDescriptorSet')
    .option('--config <file>', 'YAML configuration (same keys as the sidecar, without upstream)')
    .action(async (opts: Omit<SidecarFlags, 'upstream' | 'reflection'> & { config?: string }) => {
      let handle;
      try {
        handle = await startExtProc(loadSidecarConfig(opts.config, opts, 'ext-proc'));
      } catch (err) {
        if (err instanceof ConfigError) {
          process.stderr.write(`grpc-audit ext-proc: ${err.message}\n`);
          process.exitCode = 2;
          return;
        }
        throw err;
      }
      process.stdout.write(`ext-proc listening on ${handle.address}\n`);
      await runUntilSignal('ext-proc', handle.shutdown);
    });
}

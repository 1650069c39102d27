import type { Command } from 'commander';
import { loadExample } from './dev-only';

interface DemoModule {
  runDemo(): Promise<{ stats: { recordingErrors: number } }>;
}

/** `grpc-audit demo`: a sample gRPC service and client with the interceptors; prints the recorded spans. */
export function register(program: Command): void {
  program
    .command('demo')
    .description('run a sample gRPC service and client through the grpc-audit interceptors and print the decoded, masked spans')
    .action(async () => {
      // Loaded on use: other commands need not pay for the demo's SDK and schema.
      const { runDemo } = loadExample<DemoModule>('demo', 'examples/demo');
      const result = await runDemo();
      if (result.stats.recordingErrors > 0) process.exitCode = 1;
    });
}

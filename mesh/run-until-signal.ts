/**
 * Keeps a started component running until SIGINT or SIGTERM, then shuts it down (draining calls
 * in flight and flushing records). A failed shutdown is reported and sets exit code 1.
 */
export function runUntilSignal(name: string, shutdown: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      shutdown().then(resolve, (err: Error) => {
        process.stderr.write(`grpc-audit ${name}: shutdown failed: ${err.message}\n`);
        process.exitCode = 1;
        resolve();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

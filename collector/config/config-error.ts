/**
 * A configuration value the collector cannot run with. `key` is the dotted path of the offending
 * setting (e.g. `batching.maxRecords`), so the message points the operator at one line of YAML,
 * one environment variable or one flag. Thrown at start-up only; never at runtime.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly key: string,
    readonly reason: string,
    /** Where the value came from: 'file /etc/x.yaml', 'env GRPC_AUDIT_LISTEN', 'flag --listen', 'default'. */
    readonly source?: string,
  ) {
    super(`${key || '(root)'}: ${reason}${source ? ` (from ${source})` : ''}`);
  }
}

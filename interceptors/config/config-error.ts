/** A configuration value that cannot work; names the key and says why. Thrown at set-up, never per call. */
export class ConfigError extends Error {
  constructor(readonly key: string, reason: string) {
    super(`invalid grpc-audit option '${key}': ${reason}`);
    this.name = 'ConfigError';
  }
}

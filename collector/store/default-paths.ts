/**
 * Where the embedded store lives when no path is given: relative to the working directory, in a
 * folder that .gitignore already excludes. The signing key sits beside it
 * (`collector.db.ed25519.key`, mode 0600) with its public half (`collector.db.ed25519.pub`).
 */
export const DEFAULT_DB_PATH = '.grpc-audit/collector.db';

import { z } from 'zod';
import { forwardConfigSchema } from '../forward/forward-config';
import { DEFAULT_DB_PATH } from '../store/default-paths';

/**
 * The collector's configuration: a plain structure validated once at start-up (house rule 2).
 * Every field has a documented default, so an empty file is a valid local configuration except
 * for TLS, which is required unless `insecure: true` is set explicitly.
 */

const hostPort = z
  .string()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:4317 or [::1]:4317')
  .refine((v) => Number(v.slice(v.lastIndexOf(':') + 1)) <= 65535, 'port must be 0..65535');

const positiveInt = z.number().int('must be an integer').positive('must be > 0');

export const collectorConfigSchema = z
  .object({
    /** Where the OTLP gRPC receiver listens. */
    listen: hostPort.default('127.0.0.1:4317'),
    /** Plaintext without client authentication: local demos only; must be set explicitly. */
    insecure: z.boolean().default(false),
    tls: z
      .object({
        /** PEM server certificate (chain) presented to clients. */
        certFile: z.string().min(1, 'must be a file path'),
        /** PEM private key of certFile. */
        keyFile: z.string().min(1, 'must be a file path'),
        /** PEM bundle of CAs whose workload certificates are trusted. */
        caFile: z.string().min(1, 'must be a file path'),
        /** How often the three files are re-read (hot reload, no restart). */
        refreshIntervalMs: positiveInt.default(5000),
        /**
         * 'collector' (default): TLS asks for a client certificate and verifies it against caFile,
         * the collector rejects calls without a trusted one with UNAUTHENTICATED (counted, logged).
         * 'handshake': the TLS handshake itself fails without a trusted certificate; clients see
         * UNAVAILABLE and the collector cannot count the attempt per call.
         */
        clientAuth: z.enum(['collector', 'handshake']).default('collector'),
      })
      .strict()
      .optional(),
    identity: z
      .object({
        /** YAML identity policy (identity → allowed service.name values / methods); reloaded on change. */
        policyFile: z.string().min(1, 'must be a file path').optional(),
        /** Use the subject CN as identity when the certificate has no URI SAN at all. */
        allowCommonName: z.boolean().default(false),
        /** How often policyFile is re-read. */
        refreshIntervalMs: positiveInt.default(2000),
      })
      .strict()
      .default({}),
    store: z
      .preprocess(
        // `type` may be left out: the embedded SQLite store is the default.
        (v) => (v && typeof v === 'object' && !('type' in v) ? { ...v, type: 'sqlite' } : v),
        z.discriminatedUnion('type', [
          z
            .object({
              type: z.literal('sqlite'),
              path: z.string().min(1, 'must be a file path').default(DEFAULT_DB_PATH),
              /**
               * Write the store from a worker thread (default): SQLite transactions and ledger
               * hashing run beside the receive path instead of blocking it.
               */
              writerThread: z.boolean().default(true),
            })
            .strict(),
          z
            .object({
              type: z.literal('postgres'),
              /** postgresql://user@host:port/db — the password belongs in PGPASSWORD or ~/.pgpass, not here. */
              url: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
              /** PKCS#8 PEM Ed25519 key shared by every replica (a shared ledger has one signer). */
              signingKeyFile: z.string().min(1, 'must be a file path'),
              maxConnections: positiveInt.default(4),
            })
            .strict(),
        ]),
      )
      .default({ type: 'sqlite' }),
    batching: z
      .object({
        /** Records per append (one transaction, one fsync). */
        maxRecords: positiveInt.default(1024),
        /** Longest a record waits for its batch to fill. */
        maxDelayMs: z.number().int('must be an integer').nonnegative('must be >= 0').default(2),
        /** Records accepted but not yet stored; beyond this Export answers RESOURCE_EXHAUSTED. */
        maxPendingRecords: positiveInt.default(20000),
      })
      .strict()
      .default({}),
    checkpoint: z
      .object({
        /** How often the ledger is asked to sign a checkpoint (when the sink supports it). */
        intervalMs: positiveInt.default(10000),
        /**
         * Directory where every checkpoint is also published as a signed note file, never
         * overwritten: copies outside the store that `grpc-audit verify --since DIR` checks the log against.
         */
        publishDir: z.string().min(1, 'must be a directory path').optional(),
      })
      .strict()
      .default({}),
    metrics: z
      .object({
        /** Prometheus /metrics endpoint; loopback by default; `false` disables it. */
        listen: z.union([hostPort, z.literal(false)]).default('127.0.0.1:9464'),
      })
      .strict()
      .default({}),
    limits: z
      .object({
        /** Largest accepted Export request (bytes); larger → RESOURCE_EXHAUSTED. */
        maxReceiveMessageBytes: positiveInt.default(4 * 1024 * 1024),
        /**
         * Attributes one span may carry (its own plus those of its events and links). More makes
         * the span INVALID_ARGUMENT; checked on the wire before a large request is decoded, so one
         * span can never hold the event loop for long. OpenTelemetry SDKs keep 128 per span by default.
         */
        maxAttributesPerSpan: positiveInt.default(10_000),
        /** Nesting depth of a recorded payload (canonical JSON) the guard walks; deeper → INVALID_ARGUMENT. */
        maxPayloadDepth: positiveInt.default(100),
        /** Per authenticated identity, so one workload cannot starve the others (RESOURCE_EXHAUSTED, retryable). */
        perIdentity: z
          .object({
            /** Export calls of one identity being decoded and mapped at once. */
            maxConcurrentRequests: positiveInt.default(4),
            /** Records of one identity accepted and not yet stored (batching.maxPendingRecords bounds all of them). */
            maxPendingRecords: positiveInt.default(10_000),
          })
          .strict()
          .default({}),
      })
      .strict()
      .default({}),
    ingest: z
      .object({
        /**
         * What to do when the collector's own detectors find unmasked sensitive data in a span:
         * 'mask' (default) masks it here, stores the record and counts it; 'reject' rejects the span.
         */
        unmaskedData: z.enum(['mask', 'reject']).default('mask'),
      })
      .strict()
      .default({}),
    guard: z
      .object({
        /**
         * Share of records from trusted emitters (a trusted policy version used by an identity
         * allowed to use it) that the payload guard scans; the rest are stored as the emitter
         * masked them. Records without a trusted policy are always scanned in full.
         */
        sampleRate: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').default(0.02),
        /**
         * Masking policies the collector trusts: the `grpcaudit.policy.version` values (explicit
         * versions or `sha256:…` hashes of the policy) and the identities (SPIFFE IDs or patterns,
         * `*` = within one path segment, `**` = anything) allowed to claim them.
         */
        trustedPolicies: z
          .array(
            z
              .object({
                versions: z.array(z.string().min(1, 'must not be empty')).min(1, 'must list at least one policy version'),
                identities: z.array(z.string().min(1, 'must not be empty')).min(1, 'must list at least one identity'),
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .default({}),
    /** Copies of stored records for OTLP backends (collector/forward); none by default. */
    forward: forwardConfigSchema.default({}),
    rights: z
      .object({
        /**
         * The keyring holding subjects' data keys (the emitters' keyring): erasure destroys keys
         * there, exports decrypt with them, raw subject ids are pseudonymised with its HMAC keys.
         * Without it the admin API still serves queries, verify, consent and exports by reference.
         */
        keyring: z
          .union([
            z.object({ file: z.string().min(1, 'must be a file path') }).strict(),
            z.object({ postgresUrl: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL') }).strict(),
          ])
          .optional(),
        /**
         * Scheduled retention (same pass as `grpc-audit retention run`): classes → days kept,
         * the class of records that name none, how often it runs, where removed bodies are
         * archived first. Absent: no scheduled retention.
         */
        retention: z
          .object({
            classes: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'class names are letters, digits, _ . -'), z.number().int('must be whole days').positive('must be > 0')),
            defaultClass: z.string().optional(),
            intervalMs: positiveInt.default(3_600_000),
            archiveDir: z.string().min(1, 'must be a directory path').optional(),
          })
          .strict()
          .refine((r) => r.defaultClass === undefined || r.classes[r.defaultClass] !== undefined, { message: 'defaultClass must be one of classes', path: ['defaultClass'] })
          .optional(),
      })
      .strict()
      .default({}),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
        /**
         * Lines about bad requests (unauthenticated, undecodable, over a limit, rejected spans) are
         * written at most once per kind per this interval, with the count they stand for; metrics
         * count every one. 0 writes every line.
         */
        badRequestSampleMs: z.number().int('must be an integer').nonnegative('must be >= 0').default(10_000),
      })
      .strict()
      .default({}),
    /** Grace period for in-flight calls on shutdown before they are cancelled. */
    shutdownGraceMs: z.number().int('must be an integer').nonnegative('must be >= 0').default(5000),
  })
  .strict();

export type CollectorConfig = z.output<typeof collectorConfigSchema>;
export type CollectorConfigInput = z.input<typeof collectorConfigSchema>;
export type TlsConfig = NonNullable<CollectorConfig['tls']>;

import type * as grpc from '@grpc/grpc-js';
import type { Masker } from '../../interceptors/mask/masker';
import type { IdentityPolicy } from '../authz/identity-policy';
import type { CollectorConfig } from '../config/collector-config';
import type { Batcher } from '../ingest/batcher';
import type { ManagedSink } from '../ingest/sink-lifecycle';
import type { Logger } from '../log/logger';
import type { LedgerStorage, RecordStore } from '../store/record-store';
import { ConsentSync } from '../rights/consent-sync';
import { ConsentRegistry } from '../rights/consent-registry';
import { scheduleRetention, type RetentionSchedule } from '../rights/retention-schedule';
import type { KeyringLocation } from '../rights/subject-keys';
import { adminPackage } from './admin-proto';
import { createAdminService, createConsentFeed } from './admin-service';

export interface AdminRegistration {
  registry: ConsentRegistry;
  /** Scheduled retention, when configured (rights.retention). */
  retention?: RetentionSchedule;
  /** Ends the consent-feed streams (call before the server's graceful shutdown). */
  closeFeeds(): void;
  /** Stops what was started here. */
  stop(): Promise<void>;
}

/**
 * Adds the admin and consent-feed services to the collector's server when its sink is a ledger
 * with a readable store (SQLite or PostgreSQL AuditLog, the threaded SQLite log); an in-memory
 * sink has nothing to administer. Loads the consent registry from the ledger first.
 */
export async function registerAdminServices(
  server: grpc.Server,
  args: { config: CollectorConfig; sink: ManagedSink; batcher: Batcher; policy: () => IdentityPolicy; masker: Masker; logger: Logger },
): Promise<AdminRegistration | undefined> {
  const store = (args.sink as { store?: RecordStore & Partial<LedgerStorage> }).store;
  if (!store || typeof store.listCheckpoints !== 'function' || typeof store.query !== 'function') return undefined;
  const ledgerStore = store as RecordStore & LedgerStorage;
  const registry = new ConsentRegistry();
  // The registry follows the ledger, including changes made through other replicas of a shared store.
  const sync = new ConsentSync(ledgerStore, registry);
  await sync.poll();
  sync.start();
  const loaded = registry.snapshot().length;
  const k = args.config.rights.keyring;
  const keyring: KeyringLocation | undefined = k === undefined ? undefined : 'file' in k ? { type: 'file', path: k.file } : { type: 'postgres', url: k.postgresUrl };
  const common = { policy: args.policy, insecure: args.config.insecure, allowCommonName: args.config.identity.allowCommonName, logger: args.logger, registry };
  const pkg = adminPackage();
  server.addService(
    pkg.AdminService.service,
    createAdminService({
      ...common,
      store: ledgerStore,
      submit: async (records) => {
        await args.batcher.submit(records);
      },
      checkpoint: args.sink.checkpoint ? async () => args.sink.checkpoint!() : undefined,
      keyring,
      masker: args.masker,
      syncConsent: () => sync.poll(),
    }),
  );
  const feed = createConsentFeed(common);
  server.addService(pkg.ConsentFeedService.service, feed.service);
  const retention = args.config.rights.retention ? scheduleRetention(args.config.rights.retention, ledgerStore, args.logger) : undefined;
  args.logger.info({ event: 'admin_api', consentChanges: loaded, keyring: keyring?.type ?? false, retention: !!retention }, 'admin API enabled');
  return { registry, retention, closeFeeds: () => feed.close(), stop: async () => {
    sync.stop();
    await retention?.stop();
  } };
}

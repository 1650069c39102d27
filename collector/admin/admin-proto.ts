import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/**
 * The admin and consent-feed services of proto/grpcaudit/admin/v1/admin.proto, loaded once with
 * proto-loader (no code generation). Both the collector (server) and the CLI (client) use these.
 */
export const ADMIN_PACKAGE = 'grpcaudit.admin.v1';
export const ADMIN_SERVICE = `${ADMIN_PACKAGE}.AdminService`;
export const CONSENT_FEED_SERVICE = `${ADMIN_PACKAGE}.ConsentFeedService`;
const PROTO_ROOT = path.resolve(__dirname, '../../proto');

interface AdminPackage {
  AdminService: grpc.ServiceClientConstructor;
  ConsentFeedService: grpc.ServiceClientConstructor;
}

let cached: AdminPackage | undefined;

export function adminPackage(): AdminPackage {
  if (!cached) {
    const def = protoLoader.loadSync('grpcaudit/admin/v1/admin.proto', {
      includeDirs: [PROTO_ROOT],
      keepCase: false,
      longs: Number,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    const pkg = grpc.loadPackageDefinition(def) as unknown as { grpcaudit: { admin: { v1: AdminPackage } } };
    cached = pkg.grpcaudit.admin.v1;
  }
  return cached;
}

/** The admin RPC names, as the handlers object and the role table key them. */
export const ADMIN_METHODS = [
  'QueryRecords', 'VerifyLedger', 'ExportSubject', 'EraseSubject', 'SetConsent', 'GetConsent', 'PlaceLegalHold', 'ReleaseLegalHold', 'ListLegalHolds',
] as const;
export type AdminMethod = (typeof ADMIN_METHODS)[number];

/** proto-loader's object for SubjectSelector (oneofs: true adds the `subject` discriminator). */
export interface SubjectSelectorMessage {
  subjectId?: string;
  subjectRef?: string;
  subject?: 'subjectId' | 'subjectRef';
}

export type ConsentStateName = 'CONSENT_STATE_UNSPECIFIED' | 'CONSENT_STATE_GRANTED' | 'CONSENT_STATE_WITHDRAWN';

export interface ConsentEntryMessage {
  subjectRef: string;
  purpose: string;
  state: ConsentStateName;
  source: string;
  changedAtMs: number;
  changedBy: string;
  leafIndex: number;
}

/** Where the benchmark's service definition lives and how every process loads it (identically). */
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const BENCH_PROTO_DIR = path.join(REPO_ROOT, 'bench', 'proto');
export const BENCH_PROTO_FILE = 'benchsvc/v1/bench.proto';
/** Our annotations.proto lives in proto/. */
export const INCLUDE_DIRS = [BENCH_PROTO_DIR, path.join(REPO_ROOT, 'proto')];
export const SERVICE_PATH = 'benchsvc.v1.BenchService';
export const ECHO_PATH = `/${SERVICE_PATH}/Echo`;
export const DOWNLOAD_PATH = `/${SERVICE_PATH}/Download`;

/** proto-loader options used by every configuration. */
export const LOADER_OPTIONS = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: INCLUDE_DIRS,
};

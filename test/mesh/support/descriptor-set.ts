import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../helpers/kitchen-sink';

export const PYTHON = '/usr/bin/python3';

/**
 * The kitchen-sink schema compiled by grpc_tools.protoc (Debian python3-grpc-tools, installed by
 * .ci/run): a FileDescriptorSet with imports, and — with `python` — the Python stubs, in a fresh
 * temp directory.
 */
export function compileKitchenSink(python = false): { dir: string; descriptorSet: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-mesh-'));
  const descriptorSet = path.join(dir, 'kitchen_sink.pb');
  const args = ['-m', 'grpc_tools.protoc', '-I', path.join(REPO_ROOT, 'proto'), '-I', path.join(REPO_ROOT, 'test/fixtures/proto'), `--descriptor_set_out=${descriptorSet}`, '--include_imports'];
  if (python) args.push(`--python_out=${dir}`, `--grpc_python_out=${dir}`, 'grpcaudit/v1/annotations.proto');
  args.push('demo/v1/kitchen_sink.proto');
  execFileSync(PYTHON, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  return { dir, descriptorSet };
}

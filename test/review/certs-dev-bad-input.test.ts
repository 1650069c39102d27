import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../..');

function certs(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin/grpc-audit.js'), 'certs', 'dev', ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Review: `grpc-audit certs dev` with bad input exits non-zero with one line naming the option,
 * writes nothing, and never replaces an existing CA key without --force.
 */
describe('review: grpc-audit certs dev refuses bad input without losing anything', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-certs-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('bad trust domain and bad workload names: a one-line error naming the option, no files', () => {
    const out = path.join(dir, 'bad');
    for (const [args, option] of [
      [['--trust-domain', 'Example.ORG'], '--trust-domain'],
      [['--workload', '../escape'], '--workload'],
      [['--workload', 'a b'], '--workload'],
    ] as const) {
      const r = certs(['--out', out, ...args]);
      assert.equal(r.code, 1, `${args.join(' ')}: exit code`);
      assert.ok(r.stderr.startsWith(`grpc-audit: ${option}`), `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one line, no stack trace');
      assert.ok(!fs.existsSync(path.join(out, 'ca.key')), 'no CA key written');
    }
  });

  it('existing files: refused without --force (the CA key is kept), replaced with --force', () => {
    const out = path.join(dir, 'pki');
    const first = certs(['--out', out, '--workload', 'shop/checkout']);
    assert.equal(first.code, 0, first.stderr);
    const caKey = fs.readFileSync(path.join(out, 'ca.key'));
    assert.equal(fs.statSync(path.join(out, 'ca.key')).mode & 0o777, 0o600);

    const again = certs(['--out', out, '--workload', 'shop/checkout']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /ca\.crt exists; pass --force to overwrite/);
    assert.deepEqual(fs.readFileSync(path.join(out, 'ca.key')), caKey, 'CA key untouched');

    const forced = certs(['--out', out, '--workload', 'shop/checkout', '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.notDeepEqual(fs.readFileSync(path.join(out, 'ca.key')), caKey, 'a new CA with --force');
  });
});

describe('review: grpc-audit certs dev never overwrites part of a set', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-certs2-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a workload named like a file of the set (ca, collector) or two names on one file: refused, even with --force', () => {
    const out = path.join(dir, 'pki');
    assert.equal(certs(['--out', out, '--workload', 'shop']).code, 0);
    const caKey = fs.readFileSync(path.join(out, 'ca.key'));
    for (const names of [['ca'], ['collector'], ['a/b', 'a_b']]) {
      const r = certs(['--out', out, '--force', ...names.flatMap((n) => ['--workload', n])]);
      assert.equal(r.code, 1, `${names}: ${r.stderr}`);
      assert.match(r.stderr, /^grpc-audit: --workload /);
      assert.deepEqual(fs.readFileSync(path.join(out, 'ca.key')), caKey, `${names}: CA key untouched`);
    }
  });

  it('a hand-edited policy.yaml alone in the directory: refused before any certificate is written', () => {
    const out = path.join(dir, 'policy-only');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'policy.yaml'), 'rules: []\n# mine\n');
    const r = certs(['--out', out, '--workload', 'shop']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /policy\.yaml exists; pass --force/);
    assert.deepEqual(fs.readdirSync(out), ['policy.yaml'], 'nothing else written');
    assert.equal(fs.readFileSync(path.join(out, 'policy.yaml'), 'utf8'), 'rules: []\n# mine\n');
  });
});

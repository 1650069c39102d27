import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns the real `grpc-audit mask` and feeds `input` to stdin (in chunks, to cross line boundaries). */
function runMask(input: string | Buffer, args: string[] = []): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin/grpc-audit.js'), 'mask', ...args], { cwd: REPO });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    const buf = Buffer.from(input);
    // split mid-line on purpose: the command must reassemble lines across reads
    const cut = Math.floor(buf.length / 2);
    child.stdin.write(buf.subarray(0, cut));
    setTimeout(() => child.stdin.end(buf.subarray(cut)), 20);
  });
}

describe('grpc-audit mask (CLI)', function () {
  this.timeout(120_000); // each case starts the CLI (tsx compiles it); slow on a loaded machine

  it('masks each line in order with the default policy, including a final line without newline', async () => {
    const lines = [
      { requestId: 'r-1', customer: { email: 'jane@example.com', fullName: 'Jane Doe' } },
      { note: 'card 4111 1111 1111 1111 from 203.0.113.9', buildNumber: '10.2.3.4' },
      { n: 3, ok: true, list: ['SSN 123-45-6789', 'plain'] },
    ];
    const input = lines.map((l) => JSON.stringify(l)).join('\n'); // no trailing newline
    const r = await runMask(input);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(out, [
      { requestId: 'r-1', customer: { email: '[REDACTED:email]', fullName: '[REDACTED:person_name]' } },
      { note: 'card **** **** **** 1111 from [REDACTED:ipv4]', buildNumber: '10.2.3.4' },
      { n: 3, ok: true, list: ['SSN [REDACTED:us_ssn]', 'plain'] },
    ]);
    assert.equal(r.stderr, '');
  });

  it('replaces a malformed line by an error object naming the line number, without echoing it, and goes on', async () => {
    const secretLine = '{"email": "leak.me@example.com", oops}';
    const input = ['{"a":"x@example.com"}', secretLine, '', '   ', '[1,2]', '42', '{"b":1}', ''].join('\r\n');
    const r = await runMask(input);
    assert.equal(r.code, 1, 'exit code 1 when a line was malformed');
    const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.equal(out.length, 5, 'blank lines are skipped; every other line has exactly one output line');
    assert.deepEqual(out[0], { a: '[REDACTED:email]' });
    assert.match(out[1].error, /^line 2: not valid JSON/);
    assert.match(out[2].error, /^line 5: expected a JSON object, got an array$/);
    assert.match(out[3].error, /^line 6: expected a JSON object, got number$/);
    assert.deepEqual(out[4], { b: 1 });
    assert.match(r.stderr, /line 2: not valid JSON/);
    assert.match(r.stderr, /line 5: /);
    assert.ok(!r.stdout.includes('leak.me') && !r.stderr.includes('leak.me'), 'error text never echoes the line');
  });

  it('streams: output for the first lines arrives before the input ends', async () => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin/grpc-audit.js'), 'mask'], { cwd: REPO });
    child.stdin.write('{"email":"first@example.com"}\n');
    let seen = '';
    // the first line's output must come while stdin is still open (no buffering of all input)
    const first = await new Promise<string>((resolve) => {
      const onData = (d: Buffer) => {
        seen += d.toString();
        if (seen.includes('\n')) {
          child.stdout.off('data', onData);
          resolve(seen);
        }
      };
      child.stdout.on('data', onData);
    });
    assert.equal(first, '{"email":"[REDACTED:email]"}\n');
    let rest = '';
    child.stdout.on('data', (d: Buffer) => (rest += d.toString()));
    const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
    child.stdin.end('{"x":1}\n');
    await closed;
    assert.equal(rest, '{"x":1}\n');
  });

  it('--policy applies a YAML policy; a bad policy is a clear error naming the key, with exit code 2 and no output', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-mask-cli-'));
    try {
      const good = path.join(dir, 'policy.yaml');
      fs.writeFileSync(good, 'version: cli-test\nmode: allowlist\nsafe: [requestId]\n');
      const r = await runMask('{"requestId":"r-9","note":"hello"}\n', ['--policy', good, '--stats']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), { requestId: 'r-9', note: '[REDACTED:unclassified]' });
      assert.match(r.stderr, /1 masked, 0 malformed.*policy cli-test/);
      const bad = path.join(dir, 'bad.yaml');
      fs.writeFileSync(bad, 'rules:\n  - field: email\n    action: obliterate\n');
      const b = await runMask('{"email":"a@b.example"}\n', ['--policy', bad]);
      assert.equal(b.code, 2);
      assert.equal(b.stdout, '');
      assert.match(b.stderr, /policy\.rules\[0\]\.action/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--keyring makes hash pseudonyms stable across runs', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-mask-cli-'));
    try {
      const policy = path.join(dir, 'p.yaml');
      fs.writeFileSync(policy, 'defaults:\n  email: hash\n');
      const ring = path.join(dir, 'ring.json');
      const a = await runMask('{"email":"a@b.example"}\n', ['--policy', policy, '--keyring', ring]);
      const b = await runMask('{"email":"a@b.example"}\n', ['--policy', policy, '--keyring', ring]);
      assert.equal(a.code, 0, a.stderr);
      assert.match(JSON.parse(a.stdout).email, /^hmac:k1:/);
      assert.equal(a.stdout, b.stdout);
      assert.equal(fs.statSync(ring).mode & 0o777, 0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SEEDED_PII } from '../../examples/quickstart/shop-traffic';

const REPO = path.resolve(__dirname, '../..');

function runMask(input: string, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin/grpc-audit.js'), 'mask', ...args], { cwd: REPO });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/**
 * Review: the CLI's stdout and stderr carry neither the PII of malformed lines (whose JSON.parse
 * message would quote them) nor the key material of a corrupt keyring file.
 */
describe('review: grpc-audit mask never echoes what it was given', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-mask-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('malformed lines full of PII: errors by line and column only', async () => {
    const lines = [
      `${SEEDED_PII.email} is not json`,
      `{"card": "${SEEDED_PII.card}", "iban": ${SEEDED_PII.iban}}`,
      `"${SEEDED_PII.bearer}"`,
      `[${JSON.stringify(SEEDED_PII.ssn)}]`,
      JSON.stringify({ email: SEEDED_PII.noteEmail }),
    ];
    const r = await runMask(lines.join('\n') + '\n');
    assert.equal(r.code, 1);
    const out = r.stdout.trim().split('\n');
    assert.equal(out.length, 5, 'one output line per input line');
    for (let i = 0; i < 4; i++) assert.match(JSON.parse(out[i]).error, new RegExp(`^line ${i + 1}: `));
    assert.equal(r.stderr.trim().split('\n').length, 4, 'one stderr line per malformed line');
    const everything = r.stdout + r.stderr;
    for (const v of Object.values(SEEDED_PII)) assert.ok(!everything.includes(v), `output must not contain ${v}`);
    assert.ok(!everything.replace(/\D/g, '').includes(SEEDED_PII.card.replace(/\D/g, '')));
  });

  it('a corrupt keyring file: a clear error that quotes none of the file', async () => {
    const secret = Buffer.from('review-secret-key-material-0123456789').toString('base64');
    const file = path.join(dir, 'keyring.json');
    fs.writeFileSync(file, `${secret}{"version": 1, "current": "k1", "hmacKeys": {"k1": "${secret}"} oops`, { mode: 0o600 });
    const r = await runMask('{"a": 1}\n', ['--keyring', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /keyring/);
    assert.match(r.stderr, /not valid JSON/);
    assert.ok(!r.stderr.includes(secret.slice(0, 8)), `stderr quotes the keyring: ${r.stderr}`);
    assert.equal(r.stdout, '', 'nothing masked with an unusable keyring');
  });
});

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { runQuickstart } from '../../examples/quickstart/quickstart';
import { SEEDED_PII } from '../../examples/quickstart/shop-traffic';
import type { RopaReport } from '../../collector/ropa/ropa-report';

const BIN = path.resolve(__dirname, '../../bin/grpc-audit.js');

/** ROPA from a ledger filled by real calls: the quickstart's service and client over mTLS. */
describe('grpc-audit ropa (GDPR Art. 30) over real recorded calls', function () {
  this.timeout(120_000);
  let dir: string;
  let db: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-ropa-'));
    const result = await runQuickstart({ dir, out: new PassThrough() });
    assert.equal(result.records, 10);
    db = result.dbPath;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists exactly the flows the calls made, with declared purpose and lawful basis, recipients and masked categories', () => {
    const r = spawnSync(process.execPath, [BIN, 'ropa', '--db', db, '--format', 'json'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as RopaReport;
    assert.equal(report.records, 10);
    // Five calls, both sides recorded: one flow per method, each joined client → server.
    const byMethod = new Map(report.flows.map((f) => [f.method, f]));
    assert.deepEqual([...byMethod.keys()].sort(), ['PlaceOrder', 'SupportChat', 'TrackOrder', 'UploadReceipts']);
    const calls = report.flows.reduce((n, f) => n + f.calls, 0);
    assert.equal(calls, 5, 'every call counted once although both of its sides are records');
    for (const f of report.flows) {
      assert.notEqual(f.callerIdentity, '(caller not recorded)', `${f.method}: client side joined`);
      assert.match(f.callerIdentity, /^spiffe:\/\//);
      assert.equal(f.recipients.length, 1);
      assert.match(f.recipients[0], /^spiffe:\/\//);
    }
    const place = byMethod.get('PlaceOrder')!;
    assert.deepEqual(place.purposes, ['order-fulfilment']);
    assert.deepEqual(place.lawfulBases, ['contract']);
    assert.ok(place.dataCategories.length > 0, 'categories found by masking are listed');
    assert.ok(!r.stdout.includes(SEEDED_PII.email), 'no personal data in the report');
  });

  it('renders an escaped HTML page and refuses a bad format', () => {
    const out = path.join(dir, 'ropa.html');
    let r = spawnSync(process.execPath, [BIN, 'ropa', '--db', db, '--format', 'html', '--out', out], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const html = fs.readFileSync(out, 'utf8');
    assert.match(html, /<h1>Records of processing activities<\/h1>/);
    assert.match(html, /order-fulfilment/);
    assert.equal((html.match(/<tr><td>/g) ?? []).length, 4);
    r = spawnSync(process.execPath, [BIN, 'ropa', '--db', db, '--format', 'xml'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--format must be json or html/);
  });
});

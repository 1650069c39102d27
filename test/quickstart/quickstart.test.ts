import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { runQuickstart } from '../../examples/quickstart/quickstart';
import { SEEDED_PII } from '../../examples/quickstart/shop-traffic';

/** What `npm start` runs, end to end: the newcomer's first command must keep working. */
describe('quickstart (npm start): collector + sample service, masked records stored and verified', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-quickstart-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stores both sides of every call over mTLS, verifies the ledger, and leaks none of the seeded values', async () => {
    const out = new PassThrough();
    let printed = '';
    out.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
    const result = await runQuickstart({ dir, out });
    // Five calls (unary ok, unary rejected, server stream, client stream, bidi), two sides each.
    assert.equal(result.records, 10, printed);
    assert.equal(result.verified, true, printed);
    assert.deepEqual(result.leaks, []);
    assert.match(printed, /OK: 10 records/);
    // Everything printed (span attributes, payload events, CLI output) is free of the seeded values too.
    const printedDigits = printed.replace(/[\s\-().+/]/g, '');
    for (const [name, value] of Object.entries(SEEDED_PII)) {
      assert.ok(!printed.includes(value), `${name} printed in clear`);
      const compact = value.replace(/[\s\-().+/]/g, '');
      if (/\d{6,}/.test(compact)) assert.ok(!printedDigits.includes(compact), `${name} digits printed`);
    }
    // Masking kept what is safe: order ids and the card's last four digits.
    assert.match(printed, /ord-1001/);
    assert.match(printed, /\*\*\*\* \*\*\*\* \*\*\*\* 1111/);
  });
});

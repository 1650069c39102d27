import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RopaReport } from '../../collector/rights/ropa';
import { makeTestPki, type TestPki } from '../helpers/certs';
import { kv, span } from '../collector/support/otlp';
import { cli, emit, EMITTER_ID, makeIdentities, POLICY, startCollectorProcess, writeCollectorConfig, type CollectorProcess, type Identities } from './support/rights-env';

const PAYMENTS_ID = 'spiffe://example.org/ns/shop/payments';

describe('grpc-audit ropa: records of processing from the observed flows (collector subprocess, mTLS, SQLite)', function () {
  this.timeout(120_000);
  let pki: TestPki;
  let ids: Identities;
  let dir: string;
  let db: string;
  let collector: CollectorProcess;

  before(async () => {
    pki = await makeTestPki();
    ids = await makeIdentities(pki);
    const payments = await pki.workload('payments', PAYMENTS_ID);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-ropa-'));
    db = path.join(dir, 'audit.db');
    const policy = `${POLICY}  - identity: ${PAYMENTS_ID}\n    services: [payments]\n`;
    collector = await startCollectorProcess(writeCollectorConfig(dir, pki, ['store:', `  path: ${db}`], policy), dir);

    const declared = [kv('grpcaudit.purpose', 'order-payment'), kv('grpcaudit.lawful_basis', 'contract'), kv('grpcaudit.retention_class', '7y')];
    const clientSpans = [];
    const serverSpans = [];
    // checkout → payments, twice, both sides recorded; the payload had an e-mail and a card
    for (let i = 0; i < 2; i++) {
      const c = span({ rpc: ['shop.v1.Payments', 'Charge'], kind: 3, attrs: declared });
      const s = span({
        rpc: ['shop.v1.Payments', 'Charge'],
        kind: 2,
        attrs: [...declared, kv('grpcaudit.subject_refs', ['hmac:k1:abcdefABCDEF0123456789'])],
        events: [{ name: 'rpc.message', timeUnixNano: '1700000000001000000', attributes: [kv('grpcaudit.payload', '{"email":"[REDACTED:email]","card":"[REDACTED:payment_card]"}')] }],
      });
      s.traceId = c.traceId;
      s.parentSpanId = c.spanId;
      clientSpans.push(c);
      serverSpans.push(s);
    }
    // checkout → inventory: only the client side is recorded (inventory runs no interceptor)
    clientSpans.push(span({ rpc: ['shop.v1.Inventory', 'Reserve'], kind: 3, attrs: [kv('server.address', 'inventory.shop.svc'), kv('grpcaudit.purpose', 'fulfilment')] }));
    await emit(collector.address, pki, ids.emitter, clientSpans, 'checkout');
    await emit(collector.address, pki, payments, serverSpans, 'payments');
  });
  after(async () => {
    await collector?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    pki.cleanup();
  });

  it('lists exactly the flows generated, with purposes, bases, categories, retention and recipients', () => {
    const r = cli(['ropa', '--db', db]);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as RopaReport;
    assert.equal(report.records, 5);
    assert.deepEqual(
      report.flows.map(({ firstSeen: _f, lastSeen: _l, ...f }) => f),
      [
        {
          callerIdentity: EMITTER_ID, callerService: 'checkout', calleeService: 'inventory.shop.svc', method: '/shop.v1.Inventory/Reserve',
          purposes: ['fulfilment'], lawfulBases: [], retentionClasses: [], dataCategories: [], recipients: [], calls: 1,
        },
        {
          callerIdentity: EMITTER_ID, callerService: 'checkout', calleeService: 'payments', method: '/shop.v1.Payments/Charge',
          purposes: ['order-payment'], lawfulBases: ['contract'], retentionClasses: ['7y'],
          dataCategories: ['email', 'payment_card', 'subject identifier (pseudonymised)'], recipients: [PAYMENTS_ID], calls: 2,
        },
      ],
    );
  });

  it('renders a readable HTML page with every value escaped', () => {
    const out = path.join(dir, 'ropa.html');
    const r = cli(['ropa', '--db', db, '--format', 'html', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    const html = fs.readFileSync(out, 'utf8');
    assert.match(html, /<h1>Records of processing activities \(GDPR Art\. 30\)<\/h1>/);
    assert.match(html, /<code>\/shop\.v1\.Payments\/Charge<\/code>/);
    assert.match(html, /2 flows observed/);
    assert.doesNotMatch(html, /<script/i);
  });
});

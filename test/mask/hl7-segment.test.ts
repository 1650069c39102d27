import { strict as assert } from 'node:assert';
import { createMasker, newMaskScope } from '../../interceptors/mask';

/** HL7 v2 segments in text: personal fields replaced by position, everything else kept. */
describe('masking: HL7 v2 segments in free text', () => {
  const masker = createMasker();
  const scan = (t: string): string => masker.scanText(t, newMaskScope());

  it('PID, NK1, GT1, IN1 and PV1 personal fields are replaced whole; ids, codes and results stay', () => {
    const msg = [
      'MSH|^~\\&|ADT1|GOOD HEALTH HOSPITAL|GHH LAB|GHH|202403151030||ADT^A01^ADT_A01|MSG00042|P|2.5.1',
      'PID|1||PATID7788^^^GHH^MR||Okafor^Ngozi^Adaeze^^Mrs||19750921|F||2106-3|Plot 5 Admiralty Way^^Lekki^LA^105102^NG||+234 802 123 4567|0803 765 4321||||ACCT991|987-65-4329',
      'NK1|1|Okafor^Emeka|HUS|Plot 5 Admiralty Way^^Lekki^LA^105102^NG|+234 805 000 1122',
      'PV1|1|I|2000^2012^01||||D4471^Haddad^Samir|||SUR||||ADM|A0|',
      'GT1|1||Okafor^Emeka||Plot 5 Admiralty Way^^Lekki|0805 000 1122||19700102||||876-54-3210',
      'IN1|1|HMO1|INS77|Mutual Health||||||||||||Okafor^Ngozi||19750921|Plot 5 Admiralty Way^^Lekki',
      'OBX|1|NM|2345-7^Glucose^LN||5.9|mmol/L|3.9-5.8|H|||F',
    ].join('\r');
    const out = scan(msg);
    for (const gone of ['Okafor', 'Ngozi', 'Emeka', 'Haddad', 'Samir', '19750921', '19700102', 'Admiralty', '802 123 4567', '0803 765 4321', '987-65-4329', '876-54-3210', '0805 000 1122']) {
      assert.ok(!out.includes(gone), `${gone} left in: ${out}`);
    }
    for (const kept of ['PATID7788^^^GHH^MR', 'ADT^A01^ADT_A01', 'MSG00042', '2345-7^Glucose^LN', '5.9|mmol/L|3.9-5.8|H', 'Mutual Health', 'HMO1|INS77']) {
      assert.ok(out.includes(kept), `${kept} lost: ${out}`);
    }
    assert.match(out, /PID\|1\|\|PATID7788\^\^\^GHH\^MR\|\|\[REDACTED:person_name\]\|\|\[REDACTED:date_of_birth\]\|F\|\|2106-3\|\[REDACTED:postal_address\]\|\|/);
  });

  it('segments after LF, an escaped \\r in a log line, or a space; not a PID| inside other text', () => {
    assert.doesNotMatch(scan('MSH|^~\\&|A|B\nPID|1||X1||Lindqvist^Sofia||19881203|F'), /Lindqvist|19881203/);
    assert.doesNotMatch(scan('recv msg="MSH|^~\\&|A|B\\rPID|1||X1||Lindqvist^Sofia||19881203|F"'), /Lindqvist|19881203/);
    assert.equal(scan('columns: id|PID|name|status'), 'columns: id|PID|name|status');
    assert.equal(scan('a|b|c|d|e|f|g|h'), 'a|b|c|d|e|f|g|h');
  });
});

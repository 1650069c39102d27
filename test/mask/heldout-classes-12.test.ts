import { strict as assert } from 'node:assert';
import { createMasker, newMaskScope } from '../../interceptors/mask';

/** Classes from the read probe 18, generalised; examples are our own. */
describe('held-out classes 12: X12, quoted pairs in text, XML values named by their parent, DICOM, WhatsApp ids, fixed-width SSNs', () => {
  const masker = createMasker();
  const mask = (v: unknown): string => JSON.stringify(masker.maskUntyped(v, newMaskScope()));

  it('an X12 interchange: person names, SSN, contact numbers, address lines and birth date by segment; an organisation stays', () => {
    const x12 =
      'ST*834*0042~NM1*IL*1*ABERNATHY*CORDELIA*J***34*412339876~PER*IP**HP*5035550142*EM*CJA@EXAMPLE.NET~N3*88 SE TAYLOR ST~DMG*D8*19720309*F~NM1*P5*2*CASCADE MUTUAL*****FI*931234567~SE*7*0042~';
    const out = mask({ interchange: x12 });
    for (const v of ['ABERNATHY', 'CORDELIA', '412339876', '5035550142', 'CJA@EXAMPLE.NET', '88 SE TAYLOR ST', '19720309']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['CASCADE MUTUAL', '931234567']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it('quoted pairs inside text that is not JSON: a Python dict in a traceback, protobuf text format, an NDJSON line; keys without hints stay', () => {
    const out = mask({
      traceback: "KeyError: 'plan' in row {'full_name': 'Obiageli Nnadi', 'dob': '1983-02-11', 'plan': 'gold', 'phone': '+234 803 555 0199'}",
      debug: 'customer {\n  display_name: "송지아"\n  tier: "GOLD"\n}',
      bulk: '{"index": {"_id": "a1"}}\n{"name": "Eyrún Stefánsdóttir", "sku": "TR-221", "email": "eyrun@example.is"}',
      header: 'Reply-To: "Nordic Billing" <billing@nordic.example>',
    });
    for (const v of ['Obiageli Nnadi', '1983-02-11', '+234 803 555 0199', '송지아', 'Eyrún Stefánsdóttir', 'eyrun@example.is']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ["'gold'", 'GOLD', 'TR-221', 'Nordic Billing']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it('an XML element without a hint takes its parent’s (date of birth, phone); other dates stay', () => {
    const out = mask({ xml: '<Person><DateOfBirth><Date>1958-12-01</Date></DateOfBirth><MobilePhone><Number>0412 555 019</Number></MobilePhone><Visit><Date>2026-02-03</Date></Visit></Person>' });
    for (const v of ['1958-12-01', '0412 555 019']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('2026-02-03'), out);
  });

  it('DICOM JSON by tag, WhatsApp ids and senders, role + the word for name in other languages, Korean and Greek keys', () => {
    const out = mask({
      dicom: { '00100010': { vr: 'PN', Value: [{ Alphabetic: 'TAKAHASHI^REN', Ideographic: '高橋^蓮' }] }, '00100030': { vr: 'DA', Value: ['19900417'] }, '00080020': { vr: 'DA', Value: ['20260105'] } },
      wa: { contacts: [{ wa_id: '5511987654321' }], messages: [{ from: '5511987654321' }] },
      klant: { patiëntNaam: 'Wietse Hoekstra' },
      주문: { 수령인명: '한지우' },
      νικητής: { ημ_γέννησης: '1977-04-30' },
    });
    for (const v of ['TAKAHASHI', '高橋', '19900417', '5511987654321', 'Wietse Hoekstra', '한지우', '1977-04-30']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('20260105'), out);
  });

  it('a fixed-width record without listed given names: names before an SSN, the SSN and the birth date after it (not a card)', () => {
    const rec = '02EMP5512093 ADEYEMI        FOLASADE    623-78-4572 19880826 12 LAKE SHORE DR                        000512200';
    const out = mask({ records: [rec] });
    for (const v of ['ADEYEMI', 'FOLASADE', '623-78-4572', '19880826']) assert.ok(!out.includes(v), `${v} in ${out}`);
  });

  it('the wide given-name lists (gender-detection-from-name) where the structure says a name stands: a fixed-width column, a message opening', () => {
    const out = mask({ rows: ['07 12/01/2026 03 MWANGI                  RHIANNON                IT   ROMA'], note: 'Folasade, please call me back about the lease.' });
    for (const v of ['MWANGI', 'RHIANNON', 'Folasade']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('ROMA'), out);
  });

  it('an answer that opens with an article before the date after a birth-date question', () => {
    const turns = [{ role: 'agent', text: '¿Me confirma su fecha de nacimiento?' }, { role: 'caller', text: 'El 21/06/1969' }];
    const out = JSON.stringify(masker.maskUntyped({ turns }, newMaskScope()));
    assert.ok(!out.includes('21/06/1969'), out);
  });

  it('probe 19: a PNR form of payment, IBANs glued on both sides in a fixed-width record, SQL conditions, REF*0F SSNs, LDIF dn uids made of names', () => {
    const out = mask({
      pnr: '  6 APE JANE.ROE//EXAMPLE.COM\n  8 FP CCVI4111111111111111/1229',
      rec: ['20260307ORLA FENWICK           IE29AIBK93115212345678 0000012500EURFPS1'],
      sql: "SELECT * FROM members WHERE (surname = 'Brannigan' AND dob = '1951-07-22') LIMIT 5",
      x12: 'ST*834*0001~REF*0F*412339876~REF*1L*GROUP77~',
      ldif: 'dn: uid=orla.fenwick,ou=people,dc=example,dc=org\ncn: Orla Fenwick\n\ndn: uid=u1234567,ou=people,dc=example,dc=org',
    });
    for (const v of ['4111111111111111', 'IE29AIBK93115212345678', 'Brannigan', '1951-07-22', '412339876', 'orla.fenwick']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['GROUP77', 'u1234567', 'LIMIT 5']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });
});

import { untypedMaskChecks } from '../helpers/untyped-mask-checks';

/**
 * National identity numbers, read from probe 36 after it was measured (20.0 % leaked on the CLI
 * path, 27 of its 29 identity numbers): by their keys in many languages, after the document's
 * name in text, in a document object, in HL7 PID-3 and IATA SSR DOCS, and three formats known
 * by their check digit. Each test failed before this change. Values are our own, not the probe's.
 */
describe('held-out classes, probe 36: national identity numbers', () => {
  const { mask, gone, kept } = untypedMaskChecks();

  it('keys naming a national number in many countries and scripts', () => {
    const out = mask({
      cliente: { pesel: '90010112345', dni: '12345678Z', nif: '123456789', curp: 'PEMJ900101HDFRRN03', cpf: '123.456.789-09' },
      empleado: { bsn: '123456782', tckn: '10000000146', aadhaar: '2345 6789 0123', snils: '123-456-789 01' },
      رقم_الهوية: '1023456789',
      주민등록번호: '900101-1234568',
      sfzh: '11010519900101123X',
      เลขบัตรประชาชน: '1-2345-67890-12-1',
      holderPassportNumber: 'X9876543',
    });
    gone(out, '90010112345', '12345678Z', '123456789', 'PEMJ900101HDFRRN03', '123.456.789-09', '123456782', '10000000146', '2345 6789 0123', '123-456-789 01');
    gone(out, '1023456789', '900101-1234568', '11010519900101123X', '1-2345-67890-12-1', 'X9876543');
  });

  it('keys that only look like them stay: a retrieval reference number, a loyalty card, words ending in the same letters', () => {
    const out = mask({ upi: { rrn: '318412345678' }, idCard: '4021 7788 1200 5', wynik: '0.91', beginn: '2026-03-02T09:00:00Z', lanIp: 'gw-office-3' });
    kept(out, '318412345678', '4021 7788 1200 5', '0.91', '2026-03-02T09:00:00Z', 'gw-office-3');
  });

  it('a number after the name of the document in text, in Latin and other scripts', () => {
    gone(mask({ note: 'Caller gave NI no QQ 12 34 56 B and asked for a callback.' }), 'QQ 12 34 56 B');
    gone(mask({ chat: 'oi, meu cpf 987.654.321-00, pode verificar?' }), '987.654.321-00');
    gone(mask({ chat: 'hola, mi DNI 27.345.678, quiero cambiar el plan' }), '27.345.678');
    gone(mask({ frontDesk: 'Khách (CCCD 079203001234) đến trễ' }), '079203001234');
    gone(mask({ letter: 'Entlassung am Freitag, Versichertennummer M123456789.' }), 'M123456789');
    gone(mask({ ivr: 'my passport number is K1234567 thank you' }), 'K1234567');
    gone(mask({ statement: 'أنا سامي، رقمي القومي 29001011234567 والعنوان' }), '29001011234567');
    gone(mask({ kyc: 'Паспорт 4511 123456 выдан' }), '4511 123456');
  });

  it('text that only looks like it stays: a claim id after SIN-, a docket number, words after a cue, a short number', () => {
    const out = mask({ note: 'Claim SIN-2026-118842 opened; docket RG 5520/2024; passport office closed; DNI vigente; NI 12; order 2024-5512-3341 shipped' });
    kept(out, 'SIN-2026-118842', 'RG 5520/2024', 'passport office', 'DNI vigente', 'NI 12', '2024-5512-3341');
  });

  it('three formats known by their shape and check digit, without a cue', () => {
    gone(mask({ ocr: 'titular PEMJ900101HDFRRN03 vigente' }), 'PEMJ900101HDFRRN03');
    gone(mask({ ocr: '持证人 张伟 110105199001011232 签发' }), '110105199001011239');
    gone(mask({ ocr: '등록 900101-1234568 확인' }), '900101-1234568');
    // a wrong check digit is some other number
    kept(mask({ ocr: 'ref PEMJ900101HDFRRN04 and 110105199001011238 and 900101-1234567' }), 'PEMJ900101HDFRRN04', '110105199001011238', '900101-1234567');
  });

  it("a document object's number; a person's document number; HL7 PID-3 national ids; the number of an SSR DOCS element", () => {
    const out = mask({ pax: [{ name: 'SATO/KEN MR', docs: { type: 'P', number: 'TZ1234567', nationality: 'JPN', expiry: '2032-01-31' } }] });
    gone(out, 'TZ1234567');
    kept(mask({ invoice: { document: { type: 'invoice', number: 'INV-2026-0042' } } }), 'INV-2026-0042');
    gone(mask({ extracted: { surname: 'ROSSI', givenNames: 'LUCA', documentNumber: 'YA1234567', dateOfBirth: '1988-05-05' } }), 'YA1234567');
    const hl7 = mask({ payload: 'MSH|^~\\&|ADT|H|LAB|H|20260101||ADT^A01|M1|P|2.5\rPID|1||778812^^^H^MR~JONE12345678^^^RAMQ^HC||JONES^ANN||19800101|F\rPV1|1' });
    gone(hl7, 'JONE12345678');
    kept(hl7, '778812');
    gone(mask({ pnr: '  5 SSR DOCS AF HK1 P/FRA/19AB12345/FRA/01JAN80/F/01JAN30/DUPONT/ANNE' }), '19AB12345');
  });

  it("India's PAN as a whole value and Aadhaar as printed (Verhoeff); Aadhaar-named keys but not their masked copy", () => {
    gone(mask({ kyc: { pan: 'AKRPM7712Q' } }), 'AKRPM7712Q');
    gone(mask({ note: 'card on file 3456 7890 1238, verified' }), '3456 7890 1238');
    kept(mask({ note: 'ticket 3456 7890 1239, verified' }), '3456 7890 1239');
    const out = mask({ aadhaar_full: '3456 7890 1238', aadhaar_masked: 'XXXX XXXX 1238' });
    gone(out, '"3456 7890 1238"');
    kept(out, 'XXXX XXXX 1238');
  });

  it('birth dates with Greek and Hindi month names; the birth date of a child or an infant in a PNR name element', () => {
    gone(mask({ body: 'με ΑΦΜ και ημερομηνία γέννησης 3 Φεβρουαρίου 1979. Ευχαριστούμε' }), '3 Φεβρουαρίου 1979');
    gone(mask({ body: 'मेरी जन्म तिथि 21 अगस्त 1986 है' }), '21 अगस्त 1986');
    const pnr = mask({ raw: '  1.NOVAK/JANA MRS(INF/EMA/02JUN25)   2.NOVAK/TOMAS MSTR(CHD/15OCT16)' });
    gone(pnr, '02JUN25', '15OCT16', '/EMA/');
  });

  it('fields named by the pinyin initials of their Chinese names; a Dutch name particle in its own field', () => {
    const out = mask({ khbh: 'KH-20260001', xm: '李秀兰', csrq: '1979-11-02', lxdh: '021-6234 7788', jtdz: '北京市海淀区学院路38号', tussenvoegsel: 'van den' });
    gone(out, '李秀兰', '1979-11-02', '021-6234 7788', '北京市海淀区学院路38号', 'van den');
    kept(out, 'KH-20260001');
  });

  it('a card number read out in words in a transcript, by its Luhn check digit', () => {
    gone(mask({ text: 'sure the card is five four five four one two three four five six seven eight nine oh one five thanks' }), 'five four five four one two three four five six seven eight nine oh one five');
    // sixteen digit words failing Luhn are neither a card nor a phone number
    kept(mask({ text: 'the code is five four five four one two three four five six seven eight nine oh one eight ok' }), 'five four five four one two three four five six seven eight nine oh one eight');
  });
});

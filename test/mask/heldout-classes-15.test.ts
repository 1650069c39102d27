import { strict as assert } from 'node:assert';
import { createMasker, newMaskScope } from '../../interceptors/mask';

/** Phone classes generalised from probes 19 and 20 (read after their measurement); examples are our own. */
describe('held-out classes 15: numbers inside CJK, Hebrew and Thai text, international numbers without + after a call word, names that act or speak', () => {
  const masker = createMasker();
  const mask = (v: unknown): string => JSON.stringify(masker.maskUntyped(v, newMaskScope()));

  it('a national number written right against Japanese words, after 電話 / 携帯 (the script names the country)', () => {
    const out = mask({ transcript: ['お客様の電話は08012345678です', '携帯：070-1234-5678 までご連絡ください'] });
    for (const v of ['08012345678', '070-1234-5678']) assert.ok(!out.includes(v), `${v} in ${out}`);
  });

  it('Korean, Hebrew and Thai national numbers written without separators in text of that script, after its word for phone', () => {
    const out = mask({
      ko: '배송 기사님 연락처는 01023456789 입니다',
      he: 'מספר טלפון 0525550148 אחרי הצהריים',
      th: 'โทร 0812345678 ได้ตลอด',
    });
    for (const v of ['01023456789', '0525550148', '0812345678']) assert.ok(!out.includes(v), `${v} in ${out}`);
  });

  it('a country code and number without + after a word asking to call, in several languages', () => {
    const out = mask({
      id: 'kalau kurir datang hubungi 6281355501234 ya',
      en: 'pls call 447700900123 when you arrive',
      vi: 'gọi 84912345678 trước khi giao',
    });
    for (const v of ['6281355501234', '447700900123', '84912345678']) assert.ok(!out.includes(v), `${v} in ${out}`);
  });

  it('keeps numbers that are not to be dialled: order numbers in CJK text, numbers after "number", national numbers of other countries in Latin text', () => {
    const kept = {
      ja: '注文番号20250314123456を発送しました',
      zh: '订单号 20250314000123 已发货',
      en: 'order number 447911123456 shipped today',
      ref: 'invoice 0580358440 paid',
    };
    const out = mask(kept);
    for (const v of ['20250314123456', '20250314000123', '447911123456', '0580358440']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it('a listed given name followed by a verb of contact, and a chat speaker at the start of a line; roles stay', () => {
    const out = mask({
      notes: ['Harriet phoned re the refund, wants it today', 'Mateusz emailed twice about the invoice'],
      chat: 'Customer: hi\nFatima: my parcel never came\nAgent: checking now\nDriver: at the gate',
    });
    for (const v of ['Harriet', 'Mateusz', 'Fatima']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['Customer:', 'Agent:', 'Driver:', 'phoned re the refund']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it('a name after "I am" in Turkish and Czech', () => {
    const out = mask({ tr: 'Merhaba, ben Mehmet, siparişim nerede?', cs: 'Dobrý den, jsem Tereza a volám kvůli faktuře' });
    for (const v of ['Mehmet', 'Tereza']) assert.ok(!out.includes(v), `${v} in ${out}`);
  });

  it('a Japanese address in text, prefecture or city first, block numbers after; a ward named alone and a postcode alone stay', () => {
    const out = mask({
      a: '配送先は愛知県名古屋市中村区名駅4-7-1です',
      b: '住所：福岡市博多区博多駅中央街1番1号 アミュプラザ 8F',
      keep: ['中央区で打ち合わせ、15時から', '〒100-0005'],
    });
    for (const v of ['名古屋市中村区名駅4-7-1', '博多区博多駅中央街1番1号']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['中央区で打ち合わせ', '〒100-0005', 'です']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it('a name object in another script (PersonNameNative with Kanji and Kana keys); a product name in another script stays', () => {
    const out = mask({ guest: { PersonNameNative: { Kanji: '松本 陽菜', Kana: 'マツモト ヒナ' } }, item: { productNameNative: { Kanji: '万年筆セット' } } });
    for (const v of ['松本 陽菜', 'マツモト ヒナ']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('万年筆セット'), out);
  });

  it("'street' keys in more languages, and the numbers of a porting request", () => {
    const out = mask({
      zakaznik: { ulice: 'Vinohradská 112/7', mesto: 'Praha' },
      kund: { gatan: 'Storgatan 14B' },
      portRequest: { numbers: ['2348035550177'], carrier: 'Airtel' },
      report: { numbers: ['12', '7'] },
    });
    for (const v of ['Vinohradská 112/7', 'Storgatan 14B', '2348035550177']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['Praha', 'Airtel', '"12"']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it('a window with a one-digit group after longer ones is no phone number (fields of a flow log)', () => {
    const out = mask({ flow: '2 123456789012 eni-0a1b2c3d 172.31.5.9 9002 443 6 4 35120 ACCEPT OK' });
    assert.ok(out.includes('9002 443 6 4'), out);
  });

  it('a full name in a field with a meaningless key, spelled by an e-mail address of the same record; a thing whose name no address spells stays', () => {
    const out = mask({
      rows: [
        { c1: 'Tayshawn Okonkwo-Reyes', c2: 'okonkwo.tayshawn@example.net', c3: 'B' },
        { c1: 'Harbour View Suites', c2: 'bookings@harbourviewsuites.example', c3: 'A' },
      ],
    });
    assert.ok(!out.includes('Tayshawn Okonkwo-Reyes'), out);
    assert.ok(out.includes('Harbour View Suites'), out);
    const note = mask({ items: [{ value: 'Marisol Quintanilla 0042' }, { data: ['marisol_quintanilla7@example.org', 'support.team@example.org'] }, { value: 'Support Team' }] });
    assert.ok(!note.includes('Marisol Quintanilla'), note);
    assert.ok(note.includes('Support Team'), note);
  });

  it('a Chinese name after a word asking to contact, a Japanese staff name in parentheses, an SSN given as a correction; the service desk stays', () => {
    const out = mask({
      zh: '放门口即可，或联系王晓红 139 1234 5678',
      ja: '[09:12] スタッフ(山田): 確認いたします。',
      note: 'Applicant typo in SSN, corrected to 219099999 after the call',
      keep: '请联系客服处理',
    });
    for (const v of ['王晓红', '山田', '219099999']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('客服'), out);
  });

  it('a companion or carer as a role, and a listed given name addressed at the start of a notification; a list of places stays', () => {
    const out = mask({
      claim: 'Fell on the stairs at the station; travel companion Ingrid Bergstrand saw it.',
      sms: 'MARGUERITE, votre colis arrive demain entre 9h et 12h.',
      places: 'Paris, France and Lyon, France',
    });
    for (const v of ['Ingrid Bergstrand', 'MARGUERITE']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('Paris, France'), out);
  });
});

import { strict as assert } from 'node:assert';
import { createMasker, newMaskScope } from '../../interceptors/mask';
import { cleanSurvived, leaked } from '../../bench/pii-score';

/** Classes generalised from probe 22 (read after its measurement); examples are our own. */
describe('held-out classes 17: track 2 with D, digits of other scripts, NANP by numbering rules, CJK numbers in brackets, nested birth dates, Thai titles, Arabic kinship, role keys', () => {
  const masker = createMasker();
  const mask = (v: unknown): string => JSON.stringify(masker.maskUntyped(v, newMaskScope()));

  it('track 2 written with D between card number and expiry (ISO 8583 field 35, EMV tag 57)', () => {
    for (const track of ['4539148803436467D29052011000000000', ';5413330089020011D2512201000000000F?', '371449635398431D2604101123456']) {
      const out = mask({ iso: { de35: track } });
      const pan = /\d{13,19}/.exec(track)![0];
      assert.ok(!out.includes(pan), `${pan} in ${out}`);
      assert.match(out, /D\d{4}/, out);
    }
    // a Luhn-failing number before D is not a card
    assert.equal(mask({ ref: '4539148803436468D29052011000000000' }), JSON.stringify({ ref: '4539148803436468D29052011000000000' }));
  });

  it('phone numbers written in Arabic-Indic, Persian, Devanagari and Thai digits, mapped back onto the original characters', () => {
    const cases: Array<[string, string]> = [
      ['اتصل ٠٥٠١٢٣٤٥٦٧ بعد الظهر', '٠٥٠١٢٣٤٥٦٧'],
      ['تماس: ۰۹۱۲۳۴۵۶۷۸۹', '۰۹۱۲۳۴۵۶۷۸۹'],
      ['call +٩٧١ ٥٠ ١٢٣ ٤٥٦٧ today', '+٩٧١ ٥٠ ١٢٣ ٤٥٦٧'],
      ['mobile: +९१ ९८७६५ ४३२१०', '+९१ ९८७६५ ४३२१०'],
      ['โทร ๐๘๑ ๒๓๔ ๕๖๗๘ ได้เลย', '๐๘๑ ๒๓๔ ๕๖๗๘'],
    ];
    for (const [text, phone] of cases) {
      const out = mask({ note: text });
      assert.ok(!out.includes(phone), `${phone} in ${out}`);
      assert.match(out, /REDACTED:phone/, out);
    }
    // digits of another script that are a quantity stay
    const qty = 'الكمية ٣ قطع';
    assert.equal(mask({ note: qty }), JSON.stringify({ note: qty }));
  });

  it('(NXX) NXX-XXXX follows the North American plan even where the area code is unassigned; N11 codes and exchanges starting 0/1 do not', () => {
    // N9X area codes are reserved for expansion: assigned to no one, right in shape
    for (const [k, v] of [['phoneHome', '(293) 418-7720'], ['note', 'Spoke to her at (394) 390-1184 yesterday'], ['contact', 'Tel (295) 771-0093']]) {
      const out = mask({ [k]: v });
      assert.ok(!/\d{3}-\d{4}/.test(out), out);
    }
    for (const v of ['see (211) 418-7720', 'ref (293) 118-7720']) assert.equal(mask({ note: v }), JSON.stringify({ note: v }));
  });

  it('a national number in Japanese or Korean text inside brackets (full-width or ASCII) touching the words around it', () => {
    for (const [text, phone] of [
      ['ご家族（長女 070-3318-2290）へも連絡可', '070-3318-2290'],
      ['緊急連絡先(夫 090-8812-4471)まで', '090-8812-4471'],
      ['보호자(아들 010-5521-7734)에게 연락', '010-5521-7734'],
    ]) {
      const out = mask({ note: text });
      assert.ok(!out.includes(phone), `${phone} in ${out}`);
    }
    // an identifier glued to Latin letters through a dash is still not a phone
    assert.equal(mask({ note: '品番ABC-0901-2345-678' }), JSON.stringify({ note: '品番ABC-0901-2345-678' }));
  });

  it('a date inside a date-of-birth object is the birth date; a date elsewhere stays', () => {
    const out = mask({ Subject: { DateOfBirth: { Date: '1949-11-02' }, Encounter: { Date: '2025-04-18' } }, Phone: { date: '2025-04-01' } });
    assert.ok(!out.includes('1949-11-02'), out);
    assert.ok(out.includes('2025-04-18') && out.includes('2025-04-01'), out);
  });

  it('abbreviated keys of a role and a name part: pt_nm, pt_fn, pt_ln; not callback_fn', () => {
    const out = mask({ pt_nm: 'Meenakshi Subramaniam', pt_fn: 'Meenakshi', pt_ln: 'Subramaniam', callback_fn: 'onDone' });
    for (const v of ['Meenakshi', 'Subramaniam']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('onDone'), out);
  });

  it('Thai names after a title, glued or spaced, with the family name; not the words that start with คุณ', () => {
    for (const [text, given, family] of [
      ['ผู้รับ: นางสาวจิราพร บุญมา', 'จิราพร', 'บุญมา'],
      ['checkin guest=คุณณัฐวุฒิ แสงทอง room 1204', 'ณัฐวุฒิ', 'แสงทอง'],
      ['ยินดีต้อนรับคุณปิยะนุช', 'ปิยะนุช', ''],
      ['โทรหา นายวีระพงษ์ ศรีวงศ์ เบอร์ 089-123-4567', 'วีระพงษ์', 'ศรีวงศ์'],
    ]) {
      const out = mask({ note: text });
      assert.ok(!out.includes(given), `${given} in ${out}`);
      if (family) assert.ok(!out.includes(family), `${family} in ${out}`);
    }
    const kept = 'สินค้าคุณภาพดี ขอบคุณครับ คุณสมบัติครบ';
    assert.equal(mask({ review: kept }), JSON.stringify({ review: kept }));
  });

  it('an Arabic name after a word of kinship (brother, wife, son, neighbour)', () => {
    for (const [text, name] of [
      ['سلّم الطلب إلى زوجتي ليلى إذا لم أكن موجودا', 'ليلى'],
      ['اتصل بأخي ماجد قبل الوصول', 'ماجد'],
      ['التوصيل عند جاري سامي الحربي', 'سامي الحربي'],
      ['ابني يوسف سيستلم الطرد', 'يوسف'],
    ]) {
      const out = mask({ courierNote: text });
      assert.ok(!out.includes(name), `${name} in ${out}`);
    }
  });

  it('Malay and Arabic patronymics (bin, binti, bte, ibn) inside a name', () => {
    for (const name of ['Nur Farhana binti Abdul Razak', 'Ahmad Faizal bin Osman', 'Siti Khadijah bte Hamzah']) {
      const out = mask({ name, note: `Parcel for ${name}, left at the door` });
      assert.ok(!out.includes('Razak') && !out.includes('Osman') && !out.includes('Hamzah'), out);
    }
  });

  it('people named by their role in Chinese, Japanese and Korean keys and in pinyin', () => {
    const out = mask({ yisheng: '周文涛', 医師: '山本 健太', 대표자: '한지민', huanzhe: { xingming: '刘洋', pinyin: 'LIU^YANG' }, 联系人: '孙丽' });
    for (const v of ['周文涛', '山本', '한지민', '刘洋', 'LIU^YANG', '孙丽']) assert.ok(!out.includes(v), `${v} in ${out}`);
    // a department under a staff key is not a person
    assert.ok(mask({ 担当者: '営業二課' }).includes('営業二課'));
  });

  it('the name of the speaker of a conversation turn is a person\'s, a virtual assistant\'s is not', () => {
    const out = mask({ transcript: [{ speaker: 'customer', name: 'Graciela Mondragón', text: 'hola' }, { speaker: 'agent', name: 'Asistente Virtual', text: '¿En qué puedo ayudarte?' }] });
    assert.ok(!out.includes('Graciela') && !out.includes('Mondragón'), out);
    assert.ok(out.includes('Asistente Virtual'), out);
  });

  it('contact lines: a name at the start of a line, a separator, then the e-mail or phone found on it; not a desk or a team', () => {
    for (const [line, name] of [
      ['Karl-Heinz Obermüller – kh.obermueller[at]stahlbau-ost[dot]de – mobil 0171 5550142', 'Obermüller'],
      ['Dolores Echeverría | dolores DOT e AT correo DOT mx | +52 55 1234 5678', 'Echeverría'],
      ['Dr. Aiko Brandt, Tel. +49 30 901820', 'Brandt'],
      ['- Tomasz Zieliński; Mail: t.zielinski@example.pl', 'Zieliński'],
    ]) {
      const out = mask({ raw: line });
      assert.ok(!out.includes(name), `${name} in ${out}`);
    }
    for (const line of ['Customer Support – help@example.com', 'Sales Team | sales@example.org', 'Order Desk: +44 20 7946 0958']) {
      const out = mask({ raw: line });
      assert.ok(out.startsWith(JSON.stringify({ raw: line.slice(0, 8) }).slice(0, -2)), out);
      assert.ok(!out.includes('person_name'), out);
    }
  });

  it('keys with a language code after them are the same field (addressHi, address_ar, nameTh); a Vietnamese wallet (diaChiVi) is not an address', () => {
    const out = mask({ form: { nameEn: 'Kavita Joshi', nameHi: 'कविता जोशी', addressHi: 'फ्लैट 12, गांधी नगर, भोपाल 462001', address_ar: 'شارع الملك فهد 14، الرياض', diaChiVi: '0x51c72848c68a965f66fa7a88855f9f7784502a7f' } });
    for (const v of ['कविता', 'गांधी नगर', 'الملك فهد']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('0x51c72848c68a965f66fa7a88855f9f7784502a7f'), out);
  });

  it('birth dates: a declared birth date key (fechaNacimientoDeclarada), gender-inclusive cues (Nato/a il, nacido/a el), "DOB in doc"', () => {
    const out = mask({ fechaNacimientoDeclarada: '1966-02-17', ocr: ['Nato/a il: 09/10/1987', 'Nacido/a el 23/06/1979 en Lima'], note: 'ID checked; DOB in doc 11/29/1984 matches the form' });
    for (const v of ['1966-02-17', '09/10/1987', '23/06/1979', '11/29/1984']) assert.ok(!out.includes(v), `${v} in ${out}`);
  });

  it('Indian addresses with a lane written Gali No. between the house and the locality', () => {
    const out = mask({ msg: 'parcel nahi aaya, address hai H.No. 57, Gali No. 9, Vijay Nagar, Ghaziabad, Uttar Pradesh 201009. jaldi bhejo' });
    for (const v of ['H.No. 57', 'Gali No. 9', 'Vijay Nagar']) assert.ok(!out.includes(v), `${v} in ${out}`);
  });

  it('someone else introduced by name (se chama, se llama, s\'appelle, si chiama), capitalised; not a thing named in lower case', () => {
    for (const [text, name] of [
      ['Deixa na portaria, o porteiro se chama Joaquim.', 'Joaquim'],
      ['mi vecina se llama Ximena Olvera, ella recibe', 'Olvera'],
      ['la concierge s’appelle Odile Marchand.', 'Marchand'],
      ['il corriere si chiama Davide.', 'Davide'],
    ]) {
      const out = mask({ note: text });
      assert.ok(!out.includes(name), `${name} in ${out}`);
    }
    assert.equal(mask({ note: 'el plan se llama premium plus' }), JSON.stringify({ note: 'el plan se llama premium plus' }));
  });

  it('a person named right before their number (call … on / reach … at / ruf … unter); not a desk or a place', () => {
    for (const [text, name] of [
      // given names the gazetteer does not know: the word asking to call carries it
      ['driver is sick, please call the backup Ottoline Fairweather on 07700 900461', 'Fairweather'],
      ['if nobody answers, reach Morwenna Trelawny at +44 7911 123456', 'Trelawny'],
      ['bitte ruf Briallen Harms unter 0171 5550123 an', 'Harms'],
    ]) {
      const out = mask({ text });
      assert.ok(!out.includes(name), `${name} in ${out}`);
    }
    for (const text of ['Customer Care at +44 20 7946 0958', 'New York on +1 212 555 0188']) assert.ok(!mask({ text }).includes('person_name'), text);
  });

  it('Greek street addresses: type, name, number, postcode and town; a street named without a number stays', () => {
    for (const [text, part] of [
      ['Παράδοση: Οδός Αιόλου 41, 105 51 Αθήνα', 'Αιόλου 41'],
      ['Λεωφ. Αλεξάνδρας 88, Αθήνα', 'Αλεξάνδρας 88'],
      ['Πλατεία Ναυαρίνου 3, 546 22 Θεσσαλονίκη', 'Ναυαρίνου 3'],
    ]) {
      const out = mask({ address: { note: text } });
      assert.ok(!out.includes(part), `${part} in ${out}`);
    }
    assert.equal(mask({ note: 'Συνάντηση στην Οδό Αιόλου αύριο' }), JSON.stringify({ note: 'Συνάντηση στην Οδό Αιόλου αύριο' }));
  });

  it('Japanese keys of a role and 名, and 姓 / 名 beside them; the 名 of a product stays', () => {
    const out = mask({ 社員名: '佐野みなみ', 姓: '佐野', 名: 'みなみ', 生年月日: '1994年3月8日', 商品: { 名: '抹茶ラテ' } });
    for (const v of ['佐野', 'みなみ']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('抹茶ラテ'), out);
  });

  it('a caller saying where they are from, a Hebrew greeting with "this is", a Hebrew or Polish relative in brackets', () => {
    for (const [text, name] of [
      ['hi, it’s oliver pendlebury from the Didcot depot, my new address is below', 'pendlebury'],
      ['שלום, זה עומרי אלון. הכתובת החדשה שלי ברחוב הרצל', 'אלון'],
      ['Dziękuję! Żona (Halina Kwiatkowska) odbierze paczkę', 'Kwiatkowska'],
    ]) {
      const out = mask({ text });
      assert.ok(!out.includes(name), `${name} in ${out}`);
    }
    assert.equal(mask({ v: 'MR (Measles-Rubella) dose 2' }), JSON.stringify({ v: 'MR (Measles-Rubella) dose 2' }));
  });

  it('EMV QR payloads (Pix copia e cola): the key apart from the ids and lengths glued to it; an e-mail whose TLD is glued to digits', () => {
    const key = 'lucas.andrade.reis@gmail.com';
    const account = `0014br.gov.bcb.pix01${String(key.length).padStart(2, '0')}${key}`;
    const pix = `000201` + `26${account.length}${account}` + '52040000' + '5303986' + '5406250.00' + '5802BR' + '5913LUCAS A REIS' + '6009SAO PAULO' + '62070503***' + '63041D3F';
    const out = mask({ pixCopiaECola: pix });
    assert.ok(!out.includes('lucas.andrade'), out);
    assert.ok(out.includes('br.gov.bcb.pix'), out);
    // a payload whose lengths are off: the address still ends at its TLD
    assert.ok(!mask({ qr: '00020126580014br.gov.bcb.pix0136lucas.andrade.reis@gmail.com5204000053039865802BR' }).includes('lucas.andrade'));
    assert.ok(!mask({ rec: 'H01lucas.andrade.reis@gmail.com20250611' }).includes('lucas.andrade'));
  });

  it('Irish addresses without a street word, held together by their Eircode; an Eircode alone and ATC codes stay', () => {
    for (const [text, part] of [
      ['ship to 9 Ard Mhuire Park, Dalkey, Co. Dublin, A96 T2N4 thanks', 'Ard Mhuire Park'],
      ['22 Bóthar na Trá Park, Salthill, Galway, H91 K7P2', 'Bóthar na Trá'],
    ]) {
      const out = mask({ note: text });
      assert.ok(!out.includes(part), `${part} in ${out}`);
    }
    for (const kept of [{ postcode: 'H91 K7P2' }, { atc: 'C09AA05', code: 'R03AC02' }]) assert.equal(mask(kept), JSON.stringify(kept));
  });

  it('the scorer: regrouped digits of an encoded label prove nothing; a clean token inside a labelled value need not survive', () => {
    // the label is base64 of a phone number: its only digit is a '0', which any output holds
    assert.equal(leaked({ category: 'phone', value: 'KzQ0IDc3MDAgOTAwMTIz' }, ['[REDACTED:phone] order 4410']), false);
    assert.equal(leaked({ category: 'phone', value: '+44 7700 900123' }, ['call 447700900123']), true);
    const msg = { dob: '1958-03-30', days: '30' };
    assert.equal(cleanSurvived('30', msg, { dob: '[REDACTED:date_of_birth]', days: '30' }, ['1958-03-30']), true);
    assert.equal(cleanSurvived('30', msg, { dob: '[REDACTED:date_of_birth]', days: '[REDACTED:phone]' }, ['1958-03-30']), false);
  });
});

import { strict as assert } from 'node:assert';
import { createMasker, newMaskScope } from '../../interceptors/mask';

/** Classes generalised from probes 6, 14 and 18 (read after their measurement); examples are our own. */
describe('held-out classes 16: Cyrillic addresses, birth-date and MSISDN keys, PNR remarks, track data, message parties, private addresses, names in Arabic and Hebrew', () => {
  const masker = createMasker();
  const mask = (v: unknown): string => JSON.stringify(masker.maskUntyped(v, newMaskScope()));

  it('Russian, Ukrainian and Bulgarian street addresses: street type, name, house, building and flat', () => {
    const cases = [
      'Адрес проверен: ул. Садовая, д. 14, кв. 7.',
      'Доставка: вул. Сагайдачного, 31, кв. 12, Київ',
      'Офис: пр-т Вернадского 86к2, оф. 310',
      'Курьер: улица Гагарина дом 3, подъезд 2',
      'гр. Пловдив, бул. Руски 57, ет. 2',
      'переулок 3-й Сыромятнический, д. 5с1',
    ];
    for (const c of cases) {
      const out = mask({ note: c });
      assert.match(out, /REDACTED:postal_address/, out);
      for (const house of ['14', '31', '86к2', 'дом 3', '57', '5с1']) if (c.includes(house)) assert.ok(!out.includes(house), `${house} in ${out}`);
    }
  });

  it('keeps a Cyrillic street named without a house (a place) and numbers that are not houses', () => {
    const kept = 'Встреча на ул. Садовой завтра, заказ 4512 отправлен 12 марта';
    assert.equal(mask({ note: kept }), JSON.stringify({ note: kept }));
  });

  it('birth dates under abbreviated keys in Spanish, Portuguese, Italian, French and German', () => {
    const out = mask({
      'titular.fnac': '02/11/1958',
      f_nac: '1961-07-30',
      fecNac: '30/07/1961',
      dtNasc: '14/05/1977',
      ddn: '05/06/1984',
      gebDat: '03.09.1949',
    });
    for (const v of ['02/11/1958', '1961-07-30', '30/07/1961', '14/05/1977', '05/06/1984', '03.09.1949']) assert.ok(!out.includes(v), `${v} in ${out}`);
    // a date word without a birth stem stays a date
    const kept = { fecha: '30/07/2024', dtEntrega: '2024-07-30', data: '2024-07-30' };
    assert.equal(mask(kept), JSON.stringify(kept));
  });

  it('an MSISDN wherever the word stands in a key, and the calling and called parties of call detail records', () => {
    const out = mask({
      header: 'record_id,calling_msisdn,called_number,start_time,duration_s',
      rows: ['7710238845,27831234567,233201234567,2026-01-04T10:00:00Z,61'],
      customerMsisdn: '254711222333',
      cdr: { a_party: '4915112345678', b_number: '33612345678', callerNumber: '919812345678' },
    });
    for (const v of ['27831234567', '233201234567', '254711222333', '4915112345678', '33612345678', '919812345678']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['7710238845', '2026-01-04T10:00:00Z']) assert.ok(out.includes(v), `${v} kept: ${out}`);
    // the id or digest of an MSISDN is not the number
    const kept = { msisdn_hash: 'a3f9c0d2e1b4', msisdnType: 'MOBILE' };
    assert.equal(mask(kept), JSON.stringify(kept));
  });
  it('IATA contact and travel-document elements kept as PNR remarks: a passenger tag before the value, a document number shown masked', () => {
    const out = mask({
      remarks: ['RM*CTCM PAX2 +447700900456/GB', 'RM*CTCE PAX2 EMMA..WATTS//EXAMPLE.CO.UK', 'RM*DOCS/P/GBR/*****417/GBR/09FEB81/F/30JUN29/WATTS/EMMA/LOUISE'],
    });
    for (const v of ['+447700900456', 'EMMA..WATTS//EXAMPLE.CO.UK', '09FEB81', 'WATTS/EMMA']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('30JUN29'), `the expiry date stays: ${out}`);
  });
  it('card numbers inside magnetic-stripe track data (track 1 after its format code, track 2 before its =)', () => {
    const out = mask({ de45: 'B5500005555555559^OKAFOR/CHIDI^2911101000000000', de35: ';4012888888881881=28091011000000000?', raw: '%B6011000990139424^X^30011010000?' });
    for (const v of ['5500005555555559', '4012888888881881', '6011000990139424']) assert.ok(!out.includes(v), `${v} in ${out}`);
    const kept = { q: 'a=1234567890123=2024', ref: 'B1234567890123^x' };
    assert.equal(mask(kept), JSON.stringify(kept));
  });

  it('the sender or recipient of a message as an international number without its + (messaging webhooks); ranges and timestamps stay', () => {
    const out = mask({ messages: [{ from: '5511987654321', id: 'wamid.HBgM', type: 'text' }], to: '447700900123', author: '4915112345678' });
    for (const v of ['5511987654321', '447700900123', '4915112345678']) assert.ok(!out.includes(v), `${v} in ${out}`);
    const kept = { window: { from: '1733011200000', to: '1733097600000' }, page: { from: '100', to: '200' } };
    assert.equal(mask(kept), JSON.stringify(kept));
  });
  it('keeps an IBAN-shaped account number whose checksum fails (not a phone) and the value of a FHIR identifier that is not a number to call', () => {
    const kept = { beneficiary: { account: 'PL27 1140 2004 0000 3002 0135 5380' }, identifier: [{ system: 'urn:oid:1.2.840.1', value: 'E7731904' }, { system: 'urn:oid:1.2.840.2', value: '0612345678' }] };
    assert.equal(mask(kept), JSON.stringify(kept));
    // a contact point's value is still a phone number
    const out = mask({ telecom: [{ system: 'phone', value: '0612345678' }] });
    assert.ok(!out.includes('0612345678'), out);
  });
  it('a given name after a word of kinship in Danish, Norwegian, Swedish, Czech, Indonesian and Turkish', () => {
    const out = mask({ da: 'Ring til ægtefælle Karen efter kl. 16', sv: 'Hämtas av maka Ingrid', cs: 'volala manželka Jana', id: 'dijemput istri Siti', tr: 'eşi Ayşe aradı' });
    for (const v of ['Karen', 'Ingrid', 'Jana', 'Siti', 'Ayşe']) assert.ok(!out.includes(v), `${v} in ${out}`);
  });
  it('private and link-local IPv4 addresses are kept by default, masked with detectors.privateAddresses: mask; public and documentation addresses always', () => {
    const msg = { lanIp: '192.168.1.44', gateway: '10.0.0.1', log: 'from 172.20.1.5 via 169.254.10.2 to 203.0.113.9 and 172.32.0.1', flow: '2 eni-1 198.51.100.7 10.0.214.173 27066 443 6 35' };
    const out = mask(msg);
    for (const v of ['192.168.1.44', '10.0.0.1', '172.20.1.5', '169.254.10.2', '10.0.214.173 27066']) assert.ok(out.includes(v), `${v} kept: ${out}`);
    for (const v of ['203.0.113.9', '172.32.0.1', '198.51.100.7']) assert.ok(!out.includes(v), `${v} in ${out}`);
    const strict = JSON.stringify(createMasker({ detectors: { privateAddresses: 'mask' } }).maskUntyped(msg, newMaskScope()));
    for (const v of ['192.168.1.44', '10.0.0.1', '172.20.1.5', '169.254.10.2', '10.0.214.173']) assert.ok(!strict.includes(v), `${v} in ${strict}`);
    assert.throws(() => createMasker({ detectors: { privateAddresses: 'hide' as 'mask' } }), /privateAddresses/);
  });
  it('a dotted quad is a firmware version after firmware / fw, and under keys that say firmware or version in other languages', () => {
    const kept = { log: 'gate=G2 firmware=3.1.20.4 up; fw 7.0.1.12', 기기: { 펌웨어: '5.2.11.40' }, устройство: { прошивка: '2.0.3.1' }, 设备: { 固件版本: '1.4.2.9' } };
    assert.equal(mask(kept), JSON.stringify(kept));
    assert.ok(!mask({ log: 'heartbeat from 81.2.69.160' }).includes('81.2.69.160'));
  });
  it('names in Arabic and Hebrew text after a cue of that script (my name, a title, a role), and in another script after an English role or kinship word', () => {
    const out = mask({
      ar: 'مرحبا، اسمي خالد منصور وأريد تتبع الطلب',
      arTitle: { الطبيب: 'د. ليلى حسن' },
      arRole: 'اتصلت المريضة سلمى يوسف صباحا',
      he: 'שלום, אני דנה לוי, הזמנה 4411',
      heTitle: 'מר אבי מזרחי ביקש החזר',
      th: 'Spouse สมชาย ใจดี arriving later',
    });
    for (const v of ['خالد منصور', 'ليلى حسن', 'سلمى يوسف', 'דנה לוי', 'אבי מזרחי', 'สมชาย ใจดี']) assert.ok(!out.includes(v), `${v} in ${out}`);
    // 'I want …' and 'I am …' followed by a verb are no names
    const kept = { he: 'שלום, אני רוצה לבטל את ההזמנה', ar: 'أنا أريد تغيير العنوان' };
    assert.equal(mask(kept), JSON.stringify(kept));
  });

  it('a name field suffixed with the script or language it is written in (patientNameThai, fullNameLocal, customerNameHangul)', () => {
    const out = mask({ patientNameThai: 'ปิยะพร ศรีสุข', fullNameLocal: 'Ιωάννης Παππάς', customerNameHangul: '김서연' });
    for (const v of ['ปิยะพร ศรีสุข', 'Ιωάννης Παππάς', '김서연']) assert.ok(!out.includes(v), `${v} in ${out}`);
    const kept = { timeLocal: '2025-03-14T09:26:53', currencyLocal: 'THB' };
    assert.equal(mask(kept), JSON.stringify(kept));
  });
  it('street words abbreviated the Latin American way and Hebrew street words in Latin letters', () => {
    const out = mask({ ar: 'Entregar en Bv. Pellegrini 2210, Rosario', co: 'Cll. 72 No. 10-34, Bogotá', pje: 'Pje. San Lorenzo 88', il: 'Rehov Ben Yehuda 45, Jerusalem' });
    for (const v of ['Pellegrini 2210', 'Cll. 72', 'San Lorenzo 88', 'Ben Yehuda 45']) assert.ok(!out.includes(v), `${v} in ${out}`);
    const kept = { note: 'TV spot 4 and 5 aired', ch: 'Diag. view 3' };
    assert.equal(mask(kept), JSON.stringify(kept));
  });
  it('Latin American professional titles before a name (MVZ, Lic., Mtra., Arq.) and lists of people under people_* keys', () => {
    const out = [mask({ veterinario: 'MVZ Rocío Ibarra' }), mask({ nota: 'cita con Lic. Andrés Villaseñor mañana' }), mask({ comentario: 'revisó la Arq. Paula Méndez' }), mask({ presence: { people_home: ['Femke de Groot', 'Ayu Lestari'] } })].join('\n');
    for (const v of ['Rocío Ibarra', 'Andrés Villaseñor', 'Paula Méndez', 'Femke de Groot', 'Ayu Lestari']) assert.ok(!out.includes(v), `${v} in ${out}`);
    const kept = { people_count: 2, peopleHomeIds: ['u-17', 'u-18'] };
    assert.equal(mask(kept), JSON.stringify(kept));
  });
  it('Dutch civil-registry name keys, sign-offs in Spanish and Nordic languages, German and Portuguese "I am", a Chinese name to hand a parcel to', () => {
    const out = [
      mask({ persoon: { voornamen: 'Joost', geslachtsnaam: 'Brouwer', voorletters: 'J.P.' } }),
      mask({ html: '<p>Atentamente, Lucía Benavides — Oficina</p>', sv: 'Vänliga hälsningar, Anders Holm', fi: 'Terveisin, Mikko Lahti' }),
      mask({ de: 'Ok, ich bin Sabine, Adresse folgt', pt: 'Olá, sou Beatriz e preciso de ajuda' }),
      mask({ 留言: '请放门口，或者交给刘晓燕代收，谢谢' }),
    ].join('\n');
    for (const v of ['Joost', 'Brouwer', 'J.P.', 'Lucía Benavides', 'Anders Holm', 'Mikko Lahti', 'Sabine', 'Beatriz', '刘晓燕']) assert.ok(!out.includes(v), `${v} in ${out}`);
    const kept = { 留言: '请交给快递员代收', de: 'ich bin zufrieden' };
    assert.equal(mask(kept), JSON.stringify(kept));
  });
  it('a Greek name after a Greek title (κ., κα, κυρία, Δρ.)', () => {
    const out = mask({ a: 'Ο κ. Αντωνίου ζήτησε επανάκληση', b: 'παράδοση στην κα Σταματοπούλου', c: 'ραντεβού με τον Δρ. Μιχαηλίδη' });
    for (const v of ['Αντωνίου', 'Σταματοπούλου', 'Μιχαηλίδη']) assert.ok(!out.includes(v), `${v} in ${out}`);
    const kept = { tk: 'Τ.Κ. 546 24 Θεσσαλονίκη', note: 'Κατάστημα Ερμού, παραγγελία 4411' };
    assert.equal(mask(kept), JSON.stringify(kept));
  });
  it('a name key followed by a language code (displayNameHe, lastNameJa); a product name in another language stays', () => {
    const out = mask({ user: { displayName: 'Dana Katz', displayNameHe: 'דנה כץ' }, contact: { lastNameJa: '山本', firstNameJa: '健' } });
    for (const v of ['דנה כץ', '山本']) assert.ok(!out.includes(v), `${v} in ${out}`);
    const kept = { item: { productNameJa: 'ワイヤレスイヤホン', sku: 'EAR-77' } };
    assert.equal(mask(kept), JSON.stringify(kept));
  });
  it('a Korean road number is not followed by a counter: a product generation or a count after the particle 로 stays', () => {
    const kept = { item: '무선 청소기 프로 3세대', note: '택배로 2개 보냈습니다' };
    assert.equal(mask(kept), JSON.stringify(kept));
    const out = mask({ addr: '서울특별시 중구 세종대로 110 3층' });
    assert.ok(!out.includes('세종대로 110'), out);
  });
  it('a birth date answered in the next turn after a request that ends on the birth-date cue without a question mark', () => {
    const out = mask({ turns: [{ speaker: 'AGENT', text: 'Für die Prüfung bräuchte ich Ihr Geburtsdatum.' }, { speaker: 'CALLER', text: 'Der 1975-09-02, danke.' }] });
    assert.ok(!out.includes('1975-09-02'), out);
    const kept = { turns: [{ who: 'bot', text: 'Your parcel ships on' }, { who: 'caller', text: '2025-03-14 is fine' }] };
    assert.equal(mask(kept), JSON.stringify(kept));
  });
});

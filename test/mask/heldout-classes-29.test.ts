import { untypedMaskChecks } from '../helpers/untyped-mask-checks';

/**
 * Classes read from probe 40 (banking, lending, telematics, pharmacovigilance, opticians, childcare,
 * clubs, libraries, CDP events, SIEM logs, IVR transcripts) after it was measured (10.32 % leaked on
 * the CLI path, 5.43 % false positives). Values are our own, not the probe's.
 */
describe('held-out classes, probe 40: romanised keys and roles in many languages, abbreviated name keys, Greek salutations, CGNAT', () => {
  const { mask, gone, kept } = untypedMaskChecks();

  it('name, address and phone keys romanised from Georgian, Arabic, Amharic, Thai and Greek', () => {
    const out = mask({
      onboarding: { saxeli_gvari: 'გიორგი კაპანაძე', misamarti: 'ქუთაისი, რუსთაველის 12', telefoni: '+995 599 12 34 56' },
      request: { ism_al_amil: 'سارة العتيبي', alonwan: 'شقة 4، شارع الملك فهد، الرياض' },
      booking: { yedenbegna_sim: 'ዮናስ በቀለ', adirasha: 'ቂርቆስ ክፍለ ከተማ፣ ወረዳ 05' },
      trip: { thorasap: '081 234 5678' },
      enrolment: { dieuthinsi: 'Πατησίων 55, Αθήνα' },
    });
    gone(out, 'გიორგი კაპანაძე', 'ქუთაისი, რუსთაველის 12', 'سارة العتيبي', 'شارع الملك فهد', 'ዮናስ በቀለ', 'ቂርቆስ ክፍለ ከተማ', '081 234 5678', 'Πατησίων 55');
  });

  it('role keys romanised from Hebrew, Thai, Arabic, Greek and Russian hold a name; other values under them stay', () => {
    const out = mask({ payout: { mevutach: 'נועה כהן' }, pickup: { hore: 'דוד מזרחי' }, trip: { khon_khap: 'สมชาย ใจดี' }, case: { mariid: 'خالد العمري' }, club: { athlitis: 'Γιάννης Ρήγας' }, loan: { chitatel: 'Петров Иван Сергеевич' } });
    gone(out, 'נועה כהן', 'דוד מזרחי', 'สมชาย ใจดี', 'خالد العمري', 'Γιάννης Ρήγας', 'Петров Иван Сергеевич');
    kept(mask({ pickup: { hore: 'n/a' } }), 'n/a');
  });

  it('birth dates under `geb`, `nata_il` and a date-of-birth key qualified by whose it is; `aggiornato_il` is no birth date', () => {
    gone(mask({ mitglied: { name: 'Jonas Weber', geb: '04.09.2011' } }), '04.09.2011');
    gone(mask({ cliente: { nata_il: '7 marzo 1969' } }), '7 marzo 1969');
    gone(mask({ inscription: { dateNaissanceEnfant: 'le 21 juin 2016' } }), '21 juin 2016');
    kept(mask({ scheda: { aggiornato_il: '2025-10-27T11:24:30+03:00' } }), '2025-10-27T11:24:30+03:00');
  });

  it('first, last and role names abbreviated in keys (`cust_fnm`, `cust_lnm`, `drv_nm`)', () => {
    gone(mask({ cust_fnm: 'Ingrid', cust_lnm: 'Haugland', drv_nm: 'Novak, Petra' }), 'Ingrid', 'Haugland', 'Novak, Petra');
  });

  it('a Greek salutation before a name', () => {
    gone(mask({ rendered: 'Αγαπητέ Κωνσταντίνε Δημητρίου, η κάρτα σας έληξε.' }), 'Κωνσταντίνε Δημητρίου');
  });

  it('a phone number said in English with teens and tens, or in romanised Hindi digits; counting in prose stays', () => {
    gone(mask({ ivr: 'yes it is three one two, five five five, nineteen sixty four' }), 'three one two, five five five, nineteen sixty four');
    gone(mask({ asr: 'mera number hai saat chhe paanch, nau do ek, aath teen chaar shunya' }), 'saat chhe paanch, nau do ek, aath teen chaar shunya');
    kept(mask({ note: 'we shipped twenty one boxes on day eleven and ninety two on day twelve' }), 'twenty one boxes');
  });

  it('not personal: a carrier-grade NAT address, an estate agency', () => {
    const out = mask({ 'x-forwarded-for': '81.2.69.142, 100.72.11.9' });
    gone(out, '81.2.69.142');
    kept(out, '100.72.11.9');
    kept(mask({ agent: 'Harbour Lane Realty' }), 'Harbour Lane Realty');
  });
});

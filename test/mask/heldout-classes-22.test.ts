import { untypedMaskChecks } from '../helpers/untyped-mask-checks';

/**
 * Classes read from probe 33 (a fleet's mix of records and free text, 12 scripts) after it was
 * measured (7.61 % leaked on the CLI path, 4.04 % false positives). Each test failed before this
 * change. Values are our own, not the probe's.
 */
describe('held-out classes, probe 33: nicknames, salutations in other scripts, spoken addresses', () => {
  const { mask, gone, kept } = untypedMaskChecks();

  it('nickname keys in other languages, and a nickname in quotes inside a name', () => {
    gone(mask({ klient: { imie: 'Bartłomiej', pseudonim: 'Bartek' }, paciente: { apodo: 'Chucho' }, ασθενής: { υποκοριστικό: 'Τάκης' } }), 'Bartek', 'Chucho', 'Τάκης');
    gone(mask({ msg: 'Buenas! soy Guillermina "Mina" Ortúzar Viel, hice un pedido' }), 'Mina', 'Ortúzar Viel');
    // a gamer tag under `nick` is a handle, left to the detectors
    kept(mask({ player: { nick: 'NightOwl_42' } }), 'NightOwl_42');
  });

  it('salutations and full-name labels in other scripts; an Arabic caller on the line', () => {
    gone(mask({ sms: 'प्रिय राहुल खन्ना, आपका पार्सल कल पहुंचेगा' }), 'राहुल खन्ना');
    gone(mask({ mail: 'প্রিয় নুসরাত জাহান,\nআপনার অ্যাকাউন্ট' }), 'নুসরাত জাহান');
    gone(mask({ sms: 'வணக்கம் பிரியா ராஜேஷ், உங்கள் ஆர்டர்' }), 'பிரியா ராஜேஷ்');
    gone(mask({ ocr: 'РАХУНОК\nПІБ: ШЕВЧУК Тарас Петрович\nАдреса: м. Львів' }), 'ШЕВЧУК Тарас Петрович');
    gone(mask({ text: 'مرحبا، معك خالد بن فهد العتيبي. عندي مشكلة' }), 'خالد بن فهد العتيبي');
    kept(mask({ text: 'معك حق في ذلك' }), 'معك حق في ذلك');
  });

  it('an in-law named by the relation, a German birth-date label with words before the date, one-line transcripts', () => {
    gone(mask({ note: 'Copied to the sister-in-law Wanjiku Mwangi-Otieno for the claim.' }), 'Wanjiku Mwangi-Otieno');
    gone(mask({ note: 'Geb.-Datum zur Verifizierung: 3. März 1968. Tarif bleibt.' }), '3. März 1968');
    gone(mask({ t: 'agent: booking team how can i help caller: hiya it\'s aoife ni bhriain i\'m calling about two nights' }), 'aoife ni bhriain');
  });

  it('an address read out in a lower-case transcript, ending in a ZIP code or a UK postcode', () => {
    gone(mask({ t: 'caller: sure it\'s 418 east cesar chavez street apt 2 austin texas 78702 thanks' }), '418 east cesar chavez street');
    gone(mask({ t: 'caller: it\'s flat 2 14 great junction street edinburgh eh6 5lb' }), '14 great junction street', 'eh6 5lb');
    kept(mask({ t: 'we moved 12 boxes down the road 20 minutes ago' }), '12 boxes down the road 20 minutes');
  });

  it('a bot under a bot key and an SMS sender id are no people', () => {
    kept(mask({ bot: 'Layla Assistant v4.1', sms: { from: 'SHOPEEMY', to: '+60 12 345 6789', body: 'hi' } }), 'Layla Assistant v4.1', 'SHOPEEMY');
    gone(mask({ customer: { name: 'MARIA' } }), 'MARIA');
  });
});

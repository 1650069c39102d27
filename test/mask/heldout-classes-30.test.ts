import { untypedMaskChecks } from '../helpers/untyped-mask-checks';

/**
 * Classes read from probes 41 and 42 (M2M messages and free text in 15+ locales) after they were
 * measured blind (4.26 % and 10.77 % leaked on the CLI path). Values are our own, not the probes'.
 */
describe('held-out classes, probes 41–42: spaced-out digits, East Slavic names, lower-case names after titles, address chains, inverted names', () => {
  const { mask, gone, kept } = untypedMaskChecks();

  it('digits spaced out one by one are read as the number they spell (SSN, phone); grouped numbers and short lists are not changed', () => {
    gone(mask({ transcript: 'CALLER: my social is 4 3 8 - 2 2 - 9 1 0 6 if you need it' }), '4 3 8 - 2 2 - 9 1 0 6');
    gone(mask({ chat: 'số của mình nè: 0 9 1 2 3 4 5 6 7 8' }), '0 9 1 2 3 4 5 6 7 8');
    kept(mask({ note: 'rated 5 4 3 by the panel' }), 'rated 5 4 3 by the panel');
  });

  it('East Slavic full names by their patronymic, family names with initials; `т.е.` is no initials', () => {
    const out = mask({
      sprava: { predstavnyk_text: 'адвокат Коваленко Сергій Петрович', note: 'заміщує Бондар О.М. до п’ятниці', crm: 'звонок от сидоров и.п., просит перезвонить' },
      uchen: { poBatkovi: 'Миколаївна' },
      other: 'Подписал И.В. Кузнецов',
    });
    gone(out, 'Коваленко Сергій Петрович', 'Бондар О.М.', 'сидоров и.п.', 'Миколаївна', 'И.В. Кузнецов');
    kept(mask({ note: 'много списков т.е. данных' }), 'много списков т.е. данных');
  });

  it('a Greek role word before a name', () => {
    gone(mask({ note: 'Παραλήπτης: Νίκος Οικονόμου, κινητό στο προφίλ' }), 'Νίκος Οικονόμου');
  });

  it('lower-case names after a title, a kinship word or a role, in text with capitals too; a dashed word after a role is a thing', () => {
    const out = mask({ notes: 'cb to mrs adeyemi re claim. Veh towed to Yard 3. wife funmilayo adeyemi to bring quotes', quote: 'rider says "the driver samuel took a longer route". Refund 50 KES.', family: 'account holder is my mom, consuelo ibarra' });
    gone(out, 'adeyemi', 'funmilayo adeyemi', 'samuel', 'consuelo ibarra');
    kept(mask({ debug: 'issued token to client web-portal for scope openid' }), 'web-portal');
  });

  it('self-introductions in Tagalog and Portuguese (`ako po si`, `chamo-me`)', () => {
    gone(mask({ text: 'hello po, ako po si jerome dela cruz, may tanong lang' }), 'jerome dela cruz');
    gone(mask({ text: 'bom dia, chamo-me beatriz lobo e preciso de ajuda' }), 'beatriz lobo');
  });

  it('addresses after `addr`, `morada é`, `adresa:` with leading abbreviations; they end at a postcode followed by prose, or at a remark in parentheses', () => {
    gone(mask({ note: 'confirms addr 27 ikorodu rd, yaba, lagos. wants payout' }), '27 ikorodu rd, yaba, lagos');
    gone(mask({ msg: 'a nova morada é rua de cedofeita 88, 2.º esq, porto' }), 'rua de cedofeita 88');
    gone(mask({ dosar: 'adresa: Str. Mihai Eminescu nr. 12, bl. 4, ap. 9, Cluj-Napoca' }), 'Str. Mihai Eminescu nr. 12, bl. 4, ap. 9');
    kept(mask({ note: 'Billing addr 118 N Clark St, Apt 2, Chicago, IL 60602 differs from ship-to (forwarder in Miami). Call back.' }), 'forwarder in Miami');
    kept(mask({ body: "L'indirizzo è Via Roma 3, 20121 Milano (accanto alla Farmacia Centrale)." }), 'Farmacia Centrale');
  });

  it('address chains that open with the dwelling (flat, blk/lot, #, h.no., ward no., rural route); lists of lots or units are no address', () => {
    const out = mask({
      a: 'deliver to flat 12, shanti niwas apts, fc road, pune 411004 pls',
      b: 'ship: Blk 3 Lot 17, Phase 1, Brgy. Mabini, Batangas City, Batangas',
      c: 'send to #88 Ilang-Ilang St., Brgy. Concepcion, Marikina City',
      d: 'mail RR 4 Box 52, Cody, WY 82414 today',
    });
    gone(out, 'flat 12, shanti niwas apts, fc road, pune 411004', 'Blk 3 Lot 17, Phase 1, Brgy. Mabini', '#88 Ilang-Ilang St., Brgy. Concepcion', 'RR 4 Box 52, Cody, WY 82414');
    kept(mask({ auction: 'lot 5, lot 6, lot 7 sold' }), 'lot 5, lot 6, lot 7 sold');
    kept(mask({ stock: 'Unit 3, 2 widgets, 4 gadgets' }), 'Unit 3, 2 widgets, 4 gadgets');
  });

  it('family names in capitals, a comma, then initials or a known given name; log words and places are not', () => {
    gone(mask({ errors: ['row 9: OKONKWO, C. account rejected', 'row 12: RAHMAN, Fatima Begum IBAN ok'] }), 'OKONKWO, C.', 'RAHMAN, Fatima Begum');
    kept(mask({ log: 'ERROR, A. failed to start' }), 'ERROR, A.');
    kept(mask({ city: 'Paris, France and LONDON, Ontario' }), 'LONDON, Ontario');
  });

  it('a nickname after `aka`, and Hindi kinship words before a name', () => {
    gone(mask({ notes: 'Robert Mensah aka Bobby - bill shows his name' }), 'Bobby');
    gone(mask({ note: 'patni Kavita ka number update karna hai' }), 'Kavita');
  });

  it('a value opening with a personal title is a person even with post-nominal letters (`Sp.PD`); `Dr. Oetker … GmbH` stays an organisation', () => {
    gone(mask({ referral: 'Dr. Bambang Susilo, Sp.PD' }), 'Bambang Susilo');
    kept(mask({ vendor: 'Dr. Oetker Digital GmbH' }), 'Dr. Oetker Digital GmbH');
  });

  it('role and address keys in Indonesian, Romanian and Ukrainian (`supir`, `kurir`, `domiciliu`, `vidpovidach`)', () => {
    gone(mask({ supir: 'Budi Santoso', kurir: 'Eko Prasetyo', domiciliu: 'Calea Victoriei 12, sector 1, București', vidpovidach: 'Гнатюк Олег' }), 'Budi Santoso', 'Eko Prasetyo', 'Calea Victoriei 12', 'Гнатюк Олег');
  });
});

describe('held-out classes, probes 41–42: introductions in Chinese, Japanese, Korean and Arabic; titles of teachers; Romanian and Italian name keys', () => {
  const { mask, gone, kept } = untypedMaskChecks();

  it('`我是` before a name that opens with a family name; `我是新用户` (a role) stays', () => {
    gone(mask({ text: '您好，我是李思远，订单还没到' }), '李思远');
    kept(mask({ text: '我是新用户，请问怎么退款' }), '我是新用户');
  });

  it('`名前は` before a Japanese name; a Korean name with 님 or 씨; 고객님 and 선생님 are roles', () => {
    gone(mask({ content: '名前は佐藤美咲、電話は後で送ります' }), '佐藤美咲');
    gone(mask({ note: '고객 최유진님 문의: 배송 지연' }), '최유진');
    kept(mask({ note: '고객님 안녕하세요, 선생님께 전달했습니다' }), '고객님 안녕하세요');
  });

  it('Arabic `أنا` before a name closed by a comma; a verb after أنا is no name', () => {
    gone(mask({ body: 'مرحبا، أنا سلمان بن فهد الدوسري، أرجو التواصل' }), 'سلمان بن فهد الدوسري');
    kept(mask({ body: 'أنا أريد تغيير العنوان، من فضلك' }), 'أريد تغيير العنوان');
  });

  it('a teacher’s title before a name in a sign-off (`juf`, `opettaja`), `Rider:` before a given name', () => {
    gone(mask({ bericht: 'Groet,\njuf Sanne' }), 'Sanne');
    gone(mask({ viesti: 'Ystävällisin terveisin\nopettaja Laura Nieminen' }), 'Laura Nieminen');
    gone(mask({ sms: 'Your order arrives today. Rider: Daniel (0812 000 1111).' }), 'Daniel');
  });

  it('Romanian `nume`, `prenume`, `numeComplet`, Italian `nominativo`, Romanian `conducator` hold names; a product’s `nume` does not', () => {
    gone(mask({ client: { numeComplet: 'Dumitrescu Ana', nume: 'Popa', prenume: 'Ioana' }, parte: { nominativo: 'Greco Luisa' }, vehicul: { conducator: 'Marin Dan' } }), 'Dumitrescu Ana', 'Popa', 'Ioana', 'Greco Luisa', 'Marin Dan');
    kept(mask({ product: { nume: 'Laptop X1' } }), 'Laptop X1');
  });
});

describe('held-out classes, probes 41–42: tokens named by what they open, house number first in Arabic addresses', () => {
  const { mask, gone, kept } = untypedMaskChecks();

  it('a key naming the service a token opens holds a secret (`gatewayToken`); paging, sync, count, vault and cart tokens do not', () => {
    gone(mask({ creds: { gatewayToken: 'q8Zr2mXv0pLk7sTn4bYc9wEa1uHd6fGj3iOe' } }), 'q8Zr2mXv0pLk7sTn4bYc9wEa1uHd6fGj3iOe');
    kept(mask({ list: { nextPageToken: 'CAUQAA', syncToken: 'st-000123', maxTokens: 512, completionTokens: 77, cartToken: 'KQ2W8E4R6T', vaultToken: 'tok_a1b2c3d4e5f6' } }), 'CAUQAA', 'st-000123', 'KQ2W8E4R6T', 'tok_a1b2c3d4e5f6');
  });

  it('the house number before the street word in Arabic, with its districts after Arabic commas', () => {
    gone(mask({ text: 'العنوان الجديد 45 شارع الهرم، الجيزة' }), '45 شارع الهرم، الجيزة');
  });
});

describe('held-out classes, probe 42: an e-mail address spelled out in French', () => {
  const { mask, gone, kept } = untypedMaskChecks();

  it('`arobase` for the at and `point` for the dot; English `point` in prose stays', () => {
    gone(mask({ chat: "mon mail c'est lea point girard arobase free point fr merci" }), 'lea point girard arobase free point fr');
    kept(mask({ note: 'I looked at it point blank and agreed' }), 'I looked at it point blank and agreed');
  });
});

describe('held-out classes, probe 42: Hebrew names greeted and signed', () => {
  const { mask, gone, kept } = untypedMaskChecks();

  it('the person greeted (`היי אורי,`) and the signer after a closing line; `שלום רב,` and `שלום לכולם,` greet no one', () => {
    gone(mask({ reply: 'היי אורי, ההזמנה נשלחה היום.' }), 'אורי');
    gone(mask({ body: 'שלום רב,\nמבקשת לעדכן כתובת.\nבברכה,\nנועה שפירא\n' }), 'נועה שפירא');
    kept(mask({ note: 'שלום לכולם, הישיבה נדחתה' }), 'שלום לכולם');
  });
});

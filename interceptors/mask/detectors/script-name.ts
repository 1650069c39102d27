import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Names written in a script without capitals inside text that is otherwise in Latin letters —
 * what a support desk or a CRM sees from customers everywhere: `Hello, I'm נועה כהן.`,
 * `Thanks يوسف, updated!`, `Customer 佐藤美咲 (…) reports`, `Dr. محمد العتيبي, Cardiology`,
 * `attn: अर्जुन देशपांडे`. The capitalised-word rules cannot see them, so a cue in English right
 * before the run of script carries the decision: a greeting, an introduction, a title or a role.
 * One to four words of one script (2–6 characters of Han or kana, 2–5 Hangul syllables).
 */
const UNCASED = /[\u0590-\u05ff\u0600-\u06ff\u0900-\u0dff\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]/;
const RUN =
  /[\u05d0-\u05ea][\u05d0-\u05ea\u05f3\u05f4'"]*(?: [\u05d0-\u05ea][\u05d0-\u05ea\u05f3\u05f4'"]*){0,2}|[\u0620-\u064a][\u0620-\u065f\u0670-\u06d3]*(?: [\u0620-\u064a][\u0620-\u065f\u0670-\u06d3]*){0,3}|[\u0900-\u0dff]+(?: [\u0900-\u0dff]+){0,2}|[\u0e01-\u0e4e]+(?: [\u0e01-\u0e4e]+){0,2}|[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]{2,6}|[\uac00-\ud7af]{2,5}/g;
/** The cue, ending right before the run (tested on the 32 characters before it). */
const CUE =
  /(?:^|[^A-Za-z])(?:i['’]?m|i am|this is|it['’]?s|it is|thanks|thank you|hi|hello|hey|dear|dr|mr|mrs|ms|mx|prof|customer|patient|client|guest|passenger|member|tenant|caller|contact|attn|signed by|regards|sincerely|best|cheers|from|name|by|spouse|wife|husband|son|daughter|mother|father|guardian|doctor|nurse|driver|agent|owner|holder)\.?[:,]?(?:[ \u00a0]|<br ?\/?>|<\/?p>|\\r|\\n|\r|\n)*$/i;
/**
 * The same cue written in Arabic, before an Arabic name in Arabic text (`اسمي عمر حداد`, `د. فاطمة
 * العتيبي`, `السيدة …`, `المريض …`): 'my name', the titles, the roles of a clinic or a shop.
 * Not 'I am' (`أنا`), which far more often starts a sentence.
 */
const ARABIC_CUED =
  /(?:^|[\s،,.:;(])(?:اسمي|إسمي|السيدة|السيد|الدكتورة|الدكتور|د\.|الأستاذة|الأستاذ|الاستاذة|الاستاذ|المريضة|المريض|العميلة|العميل|الموظفة|الموظف)(?:[ \u00a0]*[:：])?[ \u00a0]+([\u0620-\u064a][\u0620-\u065f\u0670-\u06d3]*(?: [\u0620-\u064a][\u0620-\u065f\u0670-\u06d3]*){1,2})/gu;
/**
 * A Greek name after a Greek title (`ο κ. Παπαδόπουλος`, `στην κα Καραγιάννη`, `κυρία Νικολάου`,
 * `Δρ. Ιωάννου`): one or two capitalised Greek words. Greek has capitals, but the capitalised-word
 * rules read Latin letters only.
 */
const GREEK_TITLED =
  /(?:^|[\s,.(«"])(?:κ\.|κα\.?|κος\.?|κ\.κ\.|κυρία|κυρίας|κύριος|κυρίου|κύριο|Δρ\.?|δρ\.?|Αγαπητέ|Αγαπητή|Αγαπητοί|Αξιότιμε|Αξιότιμη)[ \u00a0]+([Α-ΩΆΈΉΊΌΎΏ][α-ωάέήίόύώϊϋΐΰς]+(?:[ \u00a0-][Α-ΩΆΈΉΊΌΎΏ][α-ωάέήίόύώϊϋΐΰς]+)?)/gu;
const GREEK = /[\u0370-\u03ff]/;
/**
 * A person named by their role in Greek, then one to three capitalised words (`Πελάτης:
 * Κωνσταντίνος Παπαδόπουλος`, `Παραλήπτρια Ελένη Γεωργίου`, `ασθενής Νίκος Οικονόμου`).
 */
const GREEK_ROLE_NAME =
  /(?:^|[\s,.:;(«"])(?:[Ππ]ελάτ(?:ης|ισσα|η)|[Ππ]αραλήπτ(?:ης|ρια|η)|[Αα]ποστολέας|[Αα]σθεν(?:ής|ούς)|[Οο]δηγός|[Υυ]πάλληλος|[Ιι]διοκτήτ(?:ης|ρια)|[Ππ]ολίτης|[Σσ]υνδρομητ(?:ής|ρια)|[Αα]ιτ(?:ών|ούσα)|[Δδ]ικαιούχος|[Κκ]άτοχος|[Ππ]ιστωτής|[Ππ]ληρωτής)(?:[ \u00a0]*:)?[ \u00a0]+([Α-ΩΆΈΉΊΌΎΏ][α-ωάέήίόύώϊϋΐΰς]+(?:[ \u00a0]+[Α-ΩΆΈΉΊΌΎΏ][α-ωάέήίόύώϊϋΐΰς]+){0,2})/gu;
/**
 * A Thai name after a Thai title (`คุณสมชาย ศรีสวัสดิ์`, `นางสาวพิมพ์ชนก วงศ์ใหญ่`, `นายธนากร`, `ด.ญ.…`):
 * Thai is written without spaces between words, so the title is glued to the given name, and a
 * space separates the given name from the family name. The title starts a word (after a space, a
 * sign or the start), or follows a greeting or a verb of addressing glued to it (`ยินดีต้อนรับคุณ…`,
 * 'welcome'; `โทรหาคุณ…`, 'call'). คุณ is also the first syllable of words that are not names
 * (`คุณภาพ` quality, `คุณสมบัติ` property, `คุณค่า` value): those are left out.
 */
const THAI_TITLED =
  /(?:^|[^\u0e01-\u0e4e]|ต้อนรับ|สวัสดี|เรียน|ถึง|โทรหา|ติดต่อ|ขอบคุณ|แจ้ง|ส่งให้)(?:คุณ|นางสาว|นาง|นาย|เด็กชาย|เด็กหญิง|ด\.ช\.|ด\.ญ\.|ดร\.|นพ\.|พญ\.|ทพ\.|ภก\.)[ \u00a0]?(?!ภาพ|สมบัติ|ค่า|ประโยชน์|ลักษณะ|ธรรม|วุฒิ|ครับ|ค่ะ|คะ|จ้า|นะ|ได้|จะ|ที่|ต้อง|ช่วย|สามารถ)([\u0e01-\u0e4e]{2,24}(?: (?!ครับ|ค่ะ|คะ|เบอร์|โทร|ที่|ได้|จะ|ขอบคุณ|กรุณา|อยู่|และ|หรือ)[\u0e01-\u0e4e]{2,24})?)/gu;
const THAI = /[\u0e01-\u0e4e]/;
const THAI_PRIORITY = 8;
/**
 * An Arabic name after a word of kinship (`أخي فهد`, my brother; `زوجتي مريم`, my wife; `ابني خالد`,
 * my son; also with a preposition or 'and' glued before it, `بأخي`, `لزوجتي`): how a delivery note or a
 * call names the person to hand over to. One or two words.
 */
/** 'I am' in Arabic, then two to four words closed by a comma (`أنا أحمد بن خالد العتيبي، أرجو …`): a verb after أنا runs on without one. */
const ARABIC_I_AM = /(?:^|[\s،,.:;(])(?:أنا|انا)[ \u00a0]+([\u0620-\u064a][\u0620-\u065f\u0670-\u06d3]*(?: [\u0620-\u064a][\u0620-\u065f\u0670-\u06d3]*){1,3})(?=[،,])/gu;
/** Verbs and words that follow أنا in a sentence, not a name (`أنا أريد …` 'I want', `أنا بحاجة` 'I need'). */
const NOT_AFTER_I_AM = /^(?:أريد|اريد|أرجو|ارجو|أحتاج|احتاج|أود|اود|أطلب|اطلب|أبحث|ابحث|أعيش|اعيش|أعمل|اعمل|أسكن|اسكن|أتصل|اتصل|أرغب|ارغب|أنتظر|انتظر|بحاجة|لا|لم|لن|هنا|من|في|على|مع|غير|آسف|اسف|متأكد|سعيد)(?: |$)/;
const ARABIC_KIN =
  /(?:^|[\s،,.:;(])[بلو]?(?:أخي|اخي|أختي|اختي|ابني|إبني|بنتي|ابنتي|زوجي|زوجتي|أبي|ابي|والدي|والدتي|أمي|امي|عمي|خالي|جاري|جارتي)[ \u00a0]+([\u0620-\u064a][\u0620-\u065f\u0670-\u06d3]*(?: (?!على|في|من|إلى|الى|قبل|بعد|عند|لو|او|أو|و)[\u0620-\u064a][\u0620-\u065f\u0670-\u06d3]*)?)/gu;
/** Arabic letters at all. */
const ARABIC = /[\u0620-\u064a]/;
/** 'My name is' in Persian and Urdu (`اسم من مریم حسینی است`, `نام من …`, `میرا نام …`): the two or three words after it. */
const PERSIAN_NAMED =
  /(?:^|[\s،,.:;(])(?:اسم من|نام من|اسمم|میرا نام)(?:[ \u00a0]*[:：])?[ \u00a0]+([\u0620-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc][\u0620-\u065f\u0670-\u06d3]*(?: [\u0620-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc][\u0620-\u065f\u0670-\u06d3]*){1,2}?)(?=[ \u00a0]+(?:است|هستم|ہے|ہوں)|[،,.]|$)/gu;
/**
 * A person named by their role in Russian or Ukrainian, then two or three capitalised words
 * (`Получатель Дмитрий Волков, адрес …`, `клиент: Ирина Соколова`, `Отримувач Оксана Мельник`).
 */
const CYRILLIC_ROLE_NAME =
  /(?:^|[\s,.:;(])(?:[Пп]олучател[ья]|[Оо]тправител[ья]|[Кк]лиент(?:ка)?|[Пп]ациент(?:ка)?|[Пп]окупател[ья]|[Пп]родав(?:ец|ца)|[Вв]одител[ья]|[Кк]урьер|[Сс]отрудни(?:к|ца)|[Зз]аявител[ья]|[Аа]бонент|[Вв]ладел(?:ец|ьца)|[Аа]рендатор|[Оо]тримувач|[Вв]ідправник|[Кк]лієнт(?:ка)?|[Пп]ацієнт(?:ка)?|[Пп]окупець|[Вв]одій|[Пп]рацівни(?:к|ця)|[Вв]ласник)(?:[ \u00a0]*:)?[ \u00a0]+([А-ЯЁІЇЄҐ][а-яёіїєґ'’-]+(?:[ \u00a0]+[А-ЯЁІЇЄҐ][а-яёіїєґ'’-]+){1,2})/gu;
const CYRILLIC = /[\u0410-\u044f]/;
/**
 * A full name in the East Slavic way, found by its patronymic (`Мельник Андрій Сергійович`,
 * `Кравчук Ірина Василівна`, `Иван Петрович Сидоров`, `Софія Олександрівна`): one or two
 * capitalised words, then a word ending as a patronymic does (-ович/-евич/-івна/-овна/-ична…),
 * then maybe the family name. A patronymic names a person's father: nothing else is written so.
 */
const CYRILLIC_PATRONYMIC_NAME =
  /(?<![\p{L}\p{M}])[А-ЯЁІЇЄҐЎ][а-яёіїєґў'’-]+(?:[ \u00a0]+[А-ЯЁІЇЄҐЎ][а-яёіїєґў'’-]+)?[ \u00a0]+[А-ЯЁІЇЄҐЎ][а-яёіїєґў'’]*(?:ович|евич|ьович|йович|ївич|івич|івна|ївна|овна|евна|ьовна|ична|инична)(?:[ \u00a0]+[А-ЯЁІЇЄҐЎ][а-яёіїєґў'’-]+)?(?![\p{L}\p{M}])/gu;
/**
 * A family name with initials, as Russian and Ukrainian documents write a person (`Сидоренко Т.В.`,
 * `Т.В. Сидоренко`, in lower case `петров а.в.`): the family name must end as one does.
 */
const CYRILLIC_INITIALS_AFTER = /(?<![\p{L}\p{M}])([А-ЯЁІЇЄҐЎа-яёіїєґў][а-яёіїєґў'’-]{2,})[ \u00a0]+([А-ЯЁІЇЄҐЎа-яёіїєґў])\.[ \u00a0]?([А-ЯЁІЇЄҐЎа-яёіїєґў])\.(?![\p{L}\p{M}])/gu;
const CYRILLIC_INITIALS_BEFORE = /(?<![\p{L}\p{M}.])[А-ЯЁІЇЄҐЎ]\.[ \u00a0]?[А-ЯЁІЇЄҐЎ]\.[ \u00a0]?([А-ЯЁІЇЄҐЎ][а-яёіїєґў'’-]{2,})(?![\p{L}\p{M}])/gu;
/** Abbreviations written like lower-case initials (`т.е.` 'that is', `т.к.` 'because', `т.д.` 'etc.', `и.о.` 'acting'). */
const NOT_INITIALS = new Set(['те', 'тк', 'тд', 'тп', 'тн', 'тч', 'ио', 'вт', 'сг', 'гг', 'мм', 'нэ', 'дн']);
/** Endings of Russian, Ukrainian and Belarusian family names, on the last word of a candidate. */
const SLAVIC_SURNAME_END = /(?:ов|ова|ев|ева|ёв|ёва|ин|ина|ын|ына|ский|ская|цкий|цкая|ской|енко|ко|ук|юк|чук|ич|вич|ий|ая|ик|ак|як|ян|дзе|швили|ник|ець|ей)$/u;
const PRIORITY = 13;
/** The name field of a Chinese, Japanese or Korean identity document, label and name apart by spaces. */
const CJK_ID_NAME = /(?:姓名|氏名|성명)[ \u00a0\u3000]+([\u4e00-\u9fff\u3040-\u30ff]{2,4}|[\uac00-\ud7af]{2,4})(?=$|[\s、。，,.;；()（）])/g;

/**
 * A name after a Chinese, Japanese or Korean label for a person (`担当：渡辺太郎`, `联系人: 张伟`,
 * `담당자: 김민수`): two to four Han or kana characters, or two to four Hangul syllables, then a
 * boundary (punctuation, space, end, or an honorific).
 */
const CJK_LABELLED =
  /(?:担当者?|氏名|お名前|名前|姓名|联系人|聯絡人|收件人|收货人|寄件人|客户|客戶|申请人|患者|契約者|受取人|依頼人|담당자|성명|이름|고객명|수취인)[ \u00a0]*[:：][ \u00a0]*([\u4e00-\u9fff\u3040-\u30ff]{2,4}|[\uac00-\ud7af]{2,4})(?=$|[\s、。，,.;；:：()（）\[\]【】「」/|様さ氏先님씨])/g;

/**
 * A name after a Chinese word asking to contact someone, then a number or a pause (`或联系张婷婷 186-…`),
 * a name after a verb of naming (`我叫王芳，`, `对方自称陈伟，`: 'I am called', 'calls himself'),
 * and a name in parentheses after a Japanese staff word (`オペレーター(鈴木)`, `担当（渡辺）`). Not the
 * shop, the courier or the service desk (`联系客服`).
 */
const CJK_CUED =
  /(?:联系|聯繫|聯絡|致电|致電|找)([\u4e00-\u9fff]{2,4})(?=[\s\d、，,。;；]|$)|(?:交给|交給|转交|轉交)([\u4e00-\u9fff]{2,3})(?=代收|签收|簽收|[\s\d、，,。;；]|$)|(?:オペレーター|担当者?|スタッフ|係員?|受付)[(（]([\u4e00-\u9fff\u3040-\u30ff]{1,4})[)）]|(?:我叫|自称|自稱|名叫|名前は|名前：)([\u4e00-\u9fff\u3040-\u30ff]{2,4})(?=[\s\d、，,。;；!！]|です|$)/g;
/**
 * 'I am' in Chinese before a name (`我是王小明，`): only a name that opens with a common family name, as
 * what follows 我是 is as often a role (`我是新用户`, 'a new user').
 */
const CJK_I_AM = /我是([\u4e00-\u9fff]{2,3})(?=[\s\d、，,。;；!！]|$)/g;
const CHINESE_FAMILY_NAMES = new Set([...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤陳張劉楊黃趙吳許鄭謝葉']);
/**
 * A Korean name with the honorific 님 or 씨 glued to it (`고객 김민준님`, `박지훈 씨`): three syllables
 * that open with a common family name (고객님, 선생님, 기사님 are roles, two syllables).
 */
const KOREAN_HONORIFIC_NAME = /(?<![\uac00-\ud7af])([\uac00-\ud7af]{3})[ \u00a0]?(?:님|씨)(?![\uac00-\ud7af])/g;
/**
 * A Korean given name (two syllables) or full name (three, a family name first) before the title
 * 고객님 ('dear customer': `지훈 고객님,`), and a full name before 입니다 ('I am': `박지훈입니다`).
 */
const KOREAN_CUSTOMER_NAME = /(?<![\uac00-\ud7af])([\uac00-\ud7af]{2,3})[ \u00a0]?고객님/g;
const KOREAN_I_AM = /(?<![\uac00-\ud7af])([\uac00-\ud7af]{3})입니다/g;
/**
 * A Chinese family name before a title of address (`欧阳先生`, `王女士`, `李小姐`): the family name
 * alone (one character of the common list, or a two-character one), read back from the title.
 */
const CHINESE_TITLES = ['先生', '女士', '小姐', '太太'];
/**
 * A person's role glued to their name, as Chinese notes write it (`客户欧阳晓峰反映…`, `患者李秀英主诉…`):
 * the name opens with a family name (a two-character one, or one of the common list) and is read as
 * the family name and two characters (a given name of one character cannot be told from the verb after it).
 */
const GLUED_NOT_FAMILY = new Set(['于', '方', '向']);
const CJK_ROLE_GLUED = /(?:客户|客戶|顾客|顧客|患者|病人|收件人|收货人|收貨人|寄件人|联系人|聯繫人|乘客|旅客|会员|會員|租客|房东|房東|业主|業主)(?=[\u4e00-\u9fff]{3})/g;
const CHINESE_COMPOUND_FAMILY_NAMES = new Set(['欧阳', '歐陽', '司马', '司馬', '上官', '诸葛', '諸葛', '东方', '東方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文', '司徒', '夏侯']);
const KOREAN_FAMILY_NAMES = new Set([...'김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진지엄채원천방공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉']);
const NOT_CJK_PERSON = new Set(['客服', '我们', '我們', '商家', '卖家', '賣家', '快递', '快遞', '物流', '前台', '店家', '门店', '門店', '本人', '客户', '客戶', '司机', '司機', '骑手', '騎手', '物业', '物業', '银行', '銀行', '人工', '客服人员']);

export const scriptNameDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.nonAscii,
  minLength: 4,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (GREEK.test(text)) {
      pushTrailingNames(GREEK_TITLED, text, out);
      pushTrailingNames(GREEK_ROLE_NAME, text, out);
    }
    if (CYRILLIC.test(text)) {
      pushMatches(CYRILLIC_PATRONYMIC_NAME, text, out);
      CYRILLIC_INITIALS_AFTER.lastIndex = 0;
      for (let m = CYRILLIC_INITIALS_AFTER.exec(text); m; m = CYRILLIC_INITIALS_AFTER.exec(text)) {
        const lower = m[2] === m[2].toLowerCase();
        // lower-case initials after a lower-case word: only a family name's ending, and not `т.е.`
        // capitalised initials after a capitalised word are a person as documents write one (`Бондар О.М.`); in lower case the word must end as a family name does
        const capitalised = !lower && m[1][0] !== m[1][0].toLowerCase();
        if (NOT_INITIALS.has((m[2] + m[3]).toLowerCase()) || (lower && m[3] !== m[3].toLowerCase()) || (!capitalised && !SLAVIC_SURNAME_END.test(m[1].toLowerCase()))) continue;
        out.push({ start: m.index, end: m.index + m[0].length, category: 'person_name', priority: PRIORITY });
      }
      CYRILLIC_INITIALS_BEFORE.lastIndex = 0;
      for (let m = CYRILLIC_INITIALS_BEFORE.exec(text); m; m = CYRILLIC_INITIALS_BEFORE.exec(text)) {
        if (!SLAVIC_SURNAME_END.test(m[1])) continue;
        out.push({ start: m.index, end: m.index + m[0].length, category: 'person_name', priority: PRIORITY });
      }
      CYRILLIC_ROLE_NAME.lastIndex = 0;
      for (let m = CYRILLIC_ROLE_NAME.exec(text); m; m = CYRILLIC_ROLE_NAME.exec(text)) {
        // a family name's ending (`Волков`, `Соколова`, `Бондаренко`, `Мельник`), not a product's (`Сбербанк Онлайн`)
        if (!SLAVIC_SURNAME_END.test(m[1])) continue;
        const start = m.index + m[0].length - m[1].length;
        out.push({ start, end: start + m[1].length, category: 'person_name', priority: PRIORITY });
      }
    }
    // ranked above a `key=value` token (labelled fields), which would end at the space before the family name
    if (THAI.test(text)) pushTrailingNames(THAI_TITLED, text, out, THAI_PRIORITY);
    if (!UNCASED.test(text)) return;
    if (text.indexOf(':') >= 0 || text.indexOf('：') >= 0) {
      pushTrailingNames(CJK_LABELLED, text, out);
    }
    // an identity card's name label and the name after a space (`姓名 李秀英`, `성명 김민준`)
    if (text.indexOf('姓名') >= 0 || text.indexOf('氏名') >= 0 || text.indexOf('성명') >= 0) pushTrailingNames(CJK_ID_NAME, text, out);
    if (text.indexOf('我是') >= 0) {
      CJK_I_AM.lastIndex = 0;
      for (let m = CJK_I_AM.exec(text); m; m = CJK_I_AM.exec(text)) {
        if (!CHINESE_FAMILY_NAMES.has(m[1][0]) || NOT_CJK_PERSON.has(m[1])) continue;
        out.push({ start: m.index + 2, end: m.index + 2 + m[1].length, category: 'person_name', priority: PRIORITY });
      }
    }
    if (text.indexOf('고객님') >= 0) {
      KOREAN_CUSTOMER_NAME.lastIndex = 0;
      for (let m = KOREAN_CUSTOMER_NAME.exec(text); m; m = KOREAN_CUSTOMER_NAME.exec(text)) {
        if (m[1].length === 3 && !KOREAN_FAMILY_NAMES.has(m[1][0])) continue;
        if (m[1] === '고객' || m[1] === '회원') continue;
        out.push({ start: m.index, end: m.index + m[1].length, category: 'person_name', priority: PRIORITY });
      }
    }
    if (text.indexOf('입니다') >= 0) {
      KOREAN_I_AM.lastIndex = 0;
      for (let m = KOREAN_I_AM.exec(text); m; m = KOREAN_I_AM.exec(text)) {
        if (KOREAN_FAMILY_NAMES.has(m[1][0])) out.push({ start: m.index, end: m.index + 3, category: 'person_name', priority: PRIORITY });
      }
    }
    CJK_ROLE_GLUED.lastIndex = 0;
    for (let m = CJK_ROLE_GLUED.exec(text); m; m = CJK_ROLE_GLUED.exec(text)) {
      const at = m.index + m[0].length;
      // (not the family names that are also the commonest words after a role: 于 'on', 方 'side', 向 'towards')
      const family = CHINESE_COMPOUND_FAMILY_NAMES.has(text.slice(at, at + 2)) ? 2 : CHINESE_FAMILY_NAMES.has(text[at]) && !GLUED_NOT_FAMILY.has(text[at]) ? 1 : 0;
      if (family === 0) continue;
      const end = at + family + 2;
      const name = text.slice(at, end);
      // (a title right after the family name is the title rule's: `客户王先生`)
      if (!/^[\u4e00-\u9fff]+$/.test(name) || CHINESE_TITLES.some((t) => text.startsWith(t, at + family)) || NOT_CJK_PERSON.has(name.slice(0, 2))) continue;
      out.push({ start: at, end, category: 'person_name', priority: PRIORITY });
    }
    for (const title of CHINESE_TITLES) {
      for (let p = text.indexOf(title, 1); p > 0; p = text.indexOf(title, p + 2)) {
        const two = p >= 2 ? text.slice(p - 2, p) : '';
        if (CHINESE_COMPOUND_FAMILY_NAMES.has(two)) out.push({ start: p - 2, end: p, category: 'person_name', priority: PRIORITY });
        else if (CHINESE_FAMILY_NAMES.has(text[p - 1])) out.push({ start: p - 1, end: p, category: 'person_name', priority: PRIORITY });
      }
    }
    if (text.indexOf('님') >= 0 || text.indexOf('씨') >= 0) {
      KOREAN_HONORIFIC_NAME.lastIndex = 0;
      for (let m = KOREAN_HONORIFIC_NAME.exec(text); m; m = KOREAN_HONORIFIC_NAME.exec(text)) {
        if (!KOREAN_FAMILY_NAMES.has(m[1][0])) continue;
        out.push({ start: m.index, end: m.index + 3, category: 'person_name', priority: PRIORITY });
      }
    }
    CJK_CUED.lastIndex = 0;
    for (let m = CJK_CUED.exec(text); m; m = CJK_CUED.exec(text)) {
      const name = m[1] ?? m[2] ?? m[3] ?? m[4];
      if (NOT_CJK_PERSON.has(name) || NOT_CJK_PERSON.has(name.slice(0, 2))) continue;
      const start = m.index + m[0].indexOf(name, m[0].length - name.length - 1);
      out.push({ start, end: start + name.length, category: 'person_name', priority: PRIORITY });
    }
    if (ARABIC.test(text)) {
      // two or three words: the sentence goes on after the name (`اسمي عمر حداد ورقم هاتفي …`, 'and my number')
      pushTrailingNames(ARABIC_CUED, text, out);
      pushTrailingNames(PERSIAN_NAMED, text, out);
      pushTrailingNames(ARABIC_KIN, text, out);
      ARABIC_I_AM.lastIndex = 0;
      for (let m = ARABIC_I_AM.exec(text); m; m = ARABIC_I_AM.exec(text)) {
        if (NOT_AFTER_I_AM.test(m[1])) continue;
        const start = m.index + m[0].length - m[1].length;
        out.push({ start, end: start + m[1].length, category: 'person_name', priority: PRIORITY });
      }
    }
    RUN.lastIndex = 0;
    for (let m = RUN.exec(text); m; m = RUN.exec(text)) {
      const start = m.index;
      // the run stands alone: no letter of the same kind glued before it (a word of a sentence in that script)
      if (start > 0 && UNCASED.test(text[start - 1])) continue;
      const before = text.slice(Math.max(0, start - 32), start);
      if (before.length === 0 || UNCASED.test(before) || !CUE.test(before)) continue;
      out.push({ start, end: start + m[0].length, category: 'person_name', priority: PRIORITY });
    }
  },
};

/** Every match of a global expression: each a whole name. */
function pushMatches(re: RegExp, text: string, out: Match[]): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, category: 'person_name', priority: PRIORITY });
}

/** Every match of a global expression whose first group, ending the match, is a name. */
function pushTrailingNames(re: RegExp, text: string, out: Match[], priority = PRIORITY): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length - m[1].length;
    out.push({ start, end: start + m[1].length, category: 'person_name', priority });
  }
}

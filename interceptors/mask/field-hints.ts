import type { Category } from './categories';

/**
 * Field-name hints: a value is personal because of the field that holds it (names, birth dates,
 * street addresses) or secret (passwords, tokens). Names are normalised (lower-case, '_', '-',
 * '.' and spaces removed) and compared against exact names, suffixes and compounds, so
 * `billingFirstName`, `first_name`, `RecipientName` and `x-api-key` all resolve.
 *
 * Some names say nothing alone and everything in context (`name`, `given`, `line`, `text`,
 * `display`): `hintInContext` decides them with the kind of the object that holds them
 * (`objectKind`: a person, a person's name, a postal address, a thing), which the caller works
 * out once per object from the object's own key and its keys. Deliberately never hints: bare
 * `name` outside a person (resource names such as `users/<uuid>`, products, services), `line`
 * outside an address (log lines), `channel`/`method` (values like "email"), paging tokens
 * (`pageToken`, `syncToken`), network addresses (`remoteAddress`, `ipAddress`, `macAddress` is
 * a device id).
 */
export type HintCategory = Extract<
  Category,
  'person_name' | 'date_of_birth' | 'postal_address' | 'credential' | 'email' | 'phone' | 'us_ssn' | 'government_id' | 'api_key' | 'mac_address' | 'device_id' | 'personal'
>;

/** What an object is, judged from its key and its keys; decides the ambiguous names inside it. */
export const ObjectKind = {
  None: 0,
  /** A person (patient, passenger, contact, …): its `name`/`displayName` is a person's name. */
  Person: 1,
  /** A person's name split in parts (FHIR HumanName, vCard N, {first, last}). */
  PersonName: 2,
  /** A postal address (FHIR Address, schema.org PostalAddress, {street, city, zip}). */
  Address: 3,
  /** A thing or an organisation (product, service, file, merchant, hotel): its `name` is not a person's. */
  Thing: 4,
  /** A contact point ({system, value}, FHIR ContactPoint): its `value` is a phone number or an e-mail. */
  ContactPoint: 5,
  /** An identity document ({type, number, nationality, expiry}: a passport, an ID card): its number is a government id. */
  IdentityDocument: 6,
} as const;
export type ObjectKind = (typeof ObjectKind)[keyof typeof ObjectKind];

const EXACT: ReadonlyMap<string, HintCategory> = new Map<string, HintCategory>([
  ['address', 'postal_address'],
  ['addresses', 'postal_address'],
  ['street', 'postal_address'],
  ['street1', 'postal_address'],
  ['street2', 'postal_address'],
  ['street3', 'postal_address'],
  ['streets', 'postal_address'],
  ['addressline', 'postal_address'],
  ['addresslines', 'postal_address'],
  ['addressline1', 'postal_address'],
  ['addressline2', 'postal_address'],
  ['addressline3', 'postal_address'],
  ['address1', 'postal_address'],
  ['address2', 'postal_address'],
  ['address3', 'postal_address'],
  ['addr', 'postal_address'],
  ['addr1', 'postal_address'],
  ['addr2', 'postal_address'],
  ['adr', 'postal_address'],
  ['adrline', 'postal_address'],
  ['strtnm', 'postal_address'],
  ['streetname', 'postal_address'],
  ['streetline', 'postal_address'],
  ['streetlines', 'postal_address'],
  ['streetandnumber', 'postal_address'],
  ['housenumberandstreet', 'postal_address'],
  ['strasse', 'postal_address'],
  ['straße', 'postal_address'],
  ['anschrift', 'postal_address'],
  ['adresse', 'postal_address'],
  ['direccion', 'postal_address'],
  ['dirección', 'postal_address'],
  ['indirizzo', 'postal_address'],
  ['endereco', 'postal_address'],
  ['endereço', 'postal_address'],
  ['calle', 'postal_address'],
  ['rua', 'postal_address'],
  ['ulica', 'postal_address'],
  // 'street' in Czech, Russian (romanised), Hungarian, Swedish/Norwegian, Danish, Finnish, Turkish, Dutch, French, Indonesian/Malay, Vietnamese, Greek (romanised)
  ['ulice', 'postal_address'],
  ['ulitsa', 'postal_address'],
  ['utca', 'postal_address'],
  ['gata', 'postal_address'],
  ['gatan', 'postal_address'],
  ['gatuadress', 'postal_address'],
  ['gateadresse', 'postal_address'],
  ['gade', 'postal_address'],
  ['vej', 'postal_address'],
  ['katu', 'postal_address'],
  ['katuosoite', 'postal_address'],
  ['sokak', 'postal_address'],
  ['cadde', 'postal_address'],
  ['straat', 'postal_address'],
  ['rue', 'postal_address'],
  ['jalan', 'postal_address'],
  ['đường', 'postal_address'],
  ['duong', 'postal_address'],
  ['odos', 'postal_address'],
  ['domicile', 'postal_address'],
  ['residence', 'postal_address'],
  ['shipto', 'postal_address'],
  // an Irish Eircode identifies one dwelling (not an area, as other postcodes do)
  ['eircode', 'postal_address'],
  ['billto', 'postal_address'],
  // field names written in other languages (romanised where the language has another script):
  // Japanese 生年月日 seinengappi, 誕生日 tanjōbi; Korean 생년월일 saengnyeonworil; Indonesian
  // tanggal lahir; Turkish doğum tarihi; Italian data (di) nascita; Vietnamese ngày sinh; …
  // a person's name as shown (`authorDisplay`, `reviewerDisplay`)
  ['authordisplay', 'person_name'],
  ['reviewerdisplay', 'person_name'],
  ['userdisplay', 'person_name'],
  ['customerdisplay', 'person_name'],
  ['ownerdisplay', 'person_name'],
  ['senderdisplay', 'person_name'],
  ['recipientdisplay', 'person_name'],
  ['contactdisplay', 'person_name'],
  ['memberdisplay', 'person_name'],
  ['guestdisplay', 'person_name'],
  ['patientdisplay', 'person_name'],
  ['agentdisplay', 'person_name'],
  ['assigneedisplay', 'person_name'],
  ['requesterdisplay', 'person_name'],
  ['reporterdisplay', 'person_name'],
  ['createdbydisplay', 'person_name'],
  ['updatedbydisplay', 'person_name'],
  ['approverdisplay', 'person_name'],
  ['signerdisplay', 'person_name'],
  ['employeedisplay', 'person_name'],
  ['holderdisplay', 'person_name'],
  ['passengerdisplay', 'person_name'],
  ['driverdisplay', 'person_name'],
  ['callerdisplay', 'person_name'],
  // field names in their own script (Japanese, Korean, Chinese, Russian, Greek, Hebrew, Arabic)
  // and romanised Chinese, Russian and Greek
  ['氏名', 'person_name'],
  ['名前', 'person_name'],
  ['姓名', 'person_name'],
  ['お名前', 'person_name'],
  ['성명', 'person_name'],
  ['이름', 'person_name'],
  ['xingming', 'person_name'],
  ['mingzi', 'person_name'],
  ['familiya', 'person_name'],
  ['imya', 'person_name'],
  ['otchestvo', 'person_name'],
  // Ukrainian 'по батькові' (patronymic), romanised
  ['pobatkovi', 'person_name'],
  // Romanian 'nume' / 'prenume' / 'nume complet', Italian 'nominativo' (a party's name in court and tax forms)
  ['nume', 'person_name'],
  ['numecomplet', 'person_name'],
  ['prenume', 'person_name'],
  ['numeprenume', 'person_name'],
  ['nominativo', 'person_name'],
  ['fio', 'person_name'],
  ['onoma', 'person_name'],
  ['eponymo', 'person_name'],
  ['epitheto', 'person_name'],
  ['имя', 'person_name'],
  ['фамилия', 'person_name'],
  ['отчество', 'person_name'],
  ['фио', 'person_name'],
  ['όνομα', 'person_name'],
  ['επώνυμο', 'person_name'],
  ['שם', 'person_name'],
  ['שםמלא', 'person_name'],
  ['שםפרטי', 'person_name'],
  ['שםמשפחה', 'person_name'],
  ['الاسم', 'person_name'],
  ['اسم', 'person_name'],
  ['生年月日', 'date_of_birth'],
  ['出生日期', 'date_of_birth'],
  ['생년월일', 'date_of_birth'],
  ['shengri', 'date_of_birth'],
  ['chushengriqi', 'date_of_birth'],
  ['datarozhdeniya', 'date_of_birth'],
  ['датарождения', 'date_of_birth'],
  ['imerominiagennisis', 'date_of_birth'],
  ['ημερομηνίαγέννησης', 'date_of_birth'],
  ['nele', 'date_of_birth'],
  ['néle', 'date_of_birth'],
  ['nela', 'date_of_birth'],
  ['néla', 'date_of_birth'],
  ['geborenam', 'date_of_birth'],
  ['תאריךלידה', 'date_of_birth'],
  ['تاريخالميلاد', 'date_of_birth'],
  ['電話番号', 'phone'],
  ['携帯電話', 'phone'],
  ['携帯番号', 'phone'],
  ['연락처', 'phone'],
  ['전화번호', 'phone'],
  ['휴대폰', 'phone'],
  ['shouji', 'phone'],
  ['dianhua', 'phone'],
  ['lianxidianhua', 'phone'],
  ['shoujihao', 'phone'],
  ['kinito', 'phone'],
  ['tilefono', 'phone'],
  ['телефон', 'phone'],
  ['τηλέφωνο', 'phone'],
  ['κινητό', 'phone'],
  ['טלפון', 'phone'],
  ['هاتف', 'phone'],
  ['جوال', 'phone'],
  ['住所', 'postal_address'],
  ['주소', 'postal_address'],
  ['dizhi', 'postal_address'],
  ['lianxidizhi', 'postal_address'],
  ['адрес', 'postal_address'],
  ['dieythynsi', 'postal_address'],
  ['diefthinsi', 'postal_address'],
  ['διεύθυνση', 'postal_address'],
  ['כתובת', 'postal_address'],
  ['العنوان', 'postal_address'],
  ['عنوان', 'postal_address'],
  ['ชื่อ', 'person_name'],
  ['ชื่อนามสกุล', 'person_name'],
  ['นามสกุล', 'person_name'],
  ['เบอร์โทร', 'phone'],
  ['เบอร์โทรศัพท์', 'phone'],
  ['โทรศัพท์', 'phone'],
  ['ที่อยู่', 'postal_address'],
  ['วันเกิด', 'date_of_birth'],
  ['namadepan', 'person_name'],
  ['namabelakang', 'person_name'],
  ['seinengappi', 'date_of_birth'],
  ['tanjoubi', 'date_of_birth'],
  ['tanjobi', 'date_of_birth'],
  ['saengnyeonworil', 'date_of_birth'],
  ['saengil', 'date_of_birth'],
  ['tanggallahir', 'date_of_birth'],
  ['tgllahir', 'date_of_birth'],
  ['tgllhr', 'date_of_birth'],
  ['dogumtarihi', 'date_of_birth'],
  ['doğumtarihi', 'date_of_birth'],
  ['datanascita', 'date_of_birth'],
  ['dtnascita', 'date_of_birth'],
  ['datanasc', 'date_of_birth'],
  ['dtnascimento', 'date_of_birth'],
  ['fnacimiento', 'date_of_birth'],
  ['fechanac', 'date_of_birth'],
  ['ngaysinh', 'date_of_birth'],
  ['datumnarozeni', 'date_of_birth'],
  ['datanasterii', 'date_of_birth'],
  ['syntymaaika', 'date_of_birth'],
  ['fodelsedatum', 'date_of_birth'],
  ['fodselsdato', 'date_of_birth'],
  ['foedselsdato', 'date_of_birth'],
  ['foedselsdag', 'date_of_birth'],
  ['fodelsedag', 'date_of_birth'],
  ['fødselsdato', 'date_of_birth'],
  ['fødselsdag', 'date_of_birth'],
  ['födelsedatum', 'date_of_birth'],
  ['födelsedag', 'date_of_birth'],
  // a birth year alone is the year of a date of birth (`birthYear`, `yob`, `szuletesiEv`, `Geburtsjahr`)
  ['birthyear', 'date_of_birth'],
  ['yearofbirth', 'date_of_birth'],
  ['yob', 'date_of_birth'],
  ['szuletesiev', 'date_of_birth'],
  ['születésiév', 'date_of_birth'],
  ['geburtsjahr', 'date_of_birth'],
  ['anonacimiento', 'date_of_birth'],
  ['añonacimiento', 'date_of_birth'],
  ['annodinascita', 'date_of_birth'],
  ['anneedenaissance', 'date_of_birth'],
  ['rokurodzenia', 'date_of_birth'],
  ['fodselsar', 'date_of_birth'],
  ['fødselsår', 'date_of_birth'],
  // Hungarian family and given name, Greek full name, other names a person goes by
  ['vezeteknev', 'person_name'],
  ['vezetéknév', 'person_name'],
  ['keresztnev', 'person_name'],
  ['keresztnév', 'person_name'],
  ['onomateponymo', 'person_name'],
  ['aka', 'person_name'],
  ['alsoknownas', 'person_name'],
  ['szuletesidatum', 'date_of_birth'],
  ['shimei', 'person_name'],
  ['seimei', 'person_name'],
  ['namae', 'person_name'],
  ['furigana', 'person_name'],
  ['seongmyeong', 'person_name'],
  ['seongham', 'person_name'],
  ['ireum', 'person_name'],
  ['namalengkap', 'person_name'],
  ['namapelanggan', 'person_name'],
  ['namapasien', 'person_name'],
  ['hoten', 'person_name'],
  ['hovaten', 'person_name'],
  ['adsoyad', 'person_name'],
  ['adisoyadi', 'person_name'],
  ['jmeno', 'person_name'],
  // Dutch civil registry (BRP): family name, initials
  ['geslachtsnaam', 'person_name'],
  ['geslachtsnaampartner', 'person_name'],
  ['voorletters', 'person_name'],
  ['prijmeni', 'person_name'],
  ['domicilio', 'postal_address'],
  ['domiciliu', 'postal_address'],
  // the address a bank or a merchant holds for a customer
  ['addressonfile', 'postal_address'],
  ['addressofrecord', 'postal_address'],
  ['addressonrecord', 'postal_address'],
  ['billingaddressonfile', 'postal_address'],
  ['domicílio', 'postal_address'],
  ['juusho', 'postal_address'],
  ['jusho', 'postal_address'],
  ['juso', 'postal_address'],
  ['alamat', 'postal_address'],
  ['alamatlengkap', 'postal_address'],
  ['diachi', 'postal_address'],
  ['ikametadresi', 'postal_address'],
  ['adres', 'postal_address'],
  ['adresa', 'postal_address'],
  ['denwabangou', 'phone'],
  ['denwabango', 'phone'],
  ['keitaibangou', 'phone'],
  ['jeonhwabeonho', 'phone'],
  ['hyudaepon', 'phone'],
  ['nomortelepon', 'phone'],
  ['nomorhp', 'phone'],
  ['notelp', 'phone'],
  ['nohp', 'phone'],
  ['sodienthoai', 'phone'],
  ['dienthoai', 'phone'],
  ['telefonnumarasi', 'phone'],
  ['ceptelefonu', 'phone'],
  ['dob', 'date_of_birth'],
  ['bday', 'date_of_birth'],
  ['born', 'date_of_birth'],
  ['geburtstag', 'date_of_birth'],
  ['nascimento', 'date_of_birth'],
  ['naissance', 'date_of_birth'],
  ['nacimiento', 'date_of_birth'],
  ['urodziny', 'date_of_birth'],
  ['dobiso', 'date_of_birth'],
  ['bornon', 'date_of_birth'],
  ['geburtsdatum', 'date_of_birth'],
  ['fechanacimiento', 'date_of_birth'],
  ['fechadenacimiento', 'date_of_birth'],
  ['datanascimento', 'date_of_birth'],
  ['datadenascimento', 'date_of_birth'],
  ['datadinascita', 'date_of_birth'],
  ['datenaissance', 'date_of_birth'],
  ['datedenaissance', 'date_of_birth'],
  ['geboortedatum', 'date_of_birth'],
  ['dataurodzenia', 'date_of_birth'],
  ['ssn', 'us_ssn'],
  ['token', 'credential'],
  ['auth', 'credential'],
  ['pin', 'credential'],
  ['cvv', 'credential'],
  ['cvc', 'credential'],
  ['otp', 'credential'],
  ['pwd', 'credential'],
  ['pass', 'credential'],
  ['tel', 'phone'],
  ['fax', 'phone'],
  ['msisdn', 'phone'],
  ['mobile', 'phone'],
  ['cell', 'phone'],
  ['cellphone', 'phone'],
  ['telephone', 'phone'],
  ['telefono', 'phone'],
  ['teléfono', 'phone'],
  ['telefone', 'phone'],
  ['telefon', 'phone'],
  ['handy', 'phone'],
  ['whatsapp', 'phone'],
  ['wa', 'phone'],
  ['wanumber', 'phone'],
  ['whatsappnumber', 'phone'],
  // CDISC SDTM (clinical trials): birth date, investigator name
  ['brthdtc', 'date_of_birth'],
  ['brthdt', 'date_of_birth'],
  ['invnam', 'person_name'],
  ['landline', 'phone'],
  ['phoneno', 'phone'],
  ['contactnumber', 'phone'],
  ['callbacknumber', 'phone'],
  ['portable', 'phone'],
  ['telportable', 'phone'],
  ['movil', 'phone'],
  ['móvil', 'phone'],
  ['celular', 'phone'],
  ['cellulare', 'phone'],
  ['mobil', 'phone'],
  ['mobiel', 'phone'],
  ['gsm', 'phone'],
  ['rufnummer', 'phone'],
  ['telefonnummer', 'phone'],
  ['handynummer', 'phone'],
  ['mobilnummer', 'phone'],
  ['numerotelephone', 'phone'],
  ['numerodetelephone', 'phone'],
  ['telefoonnummer', 'phone'],
  ['numerotelefono', 'phone'],
  ['numerodetelefono', 'phone'],
  ['numerodetelefone', 'phone'],
  ['komorka', 'phone'],
  ['telefonkomorkowy', 'phone'],
  ['surname', 'person_name'],
  ['surnames', 'person_name'],
  ['nickname', 'person_name'],
  // a nickname in other languages (`pseudonim`, `apodo`, `spitzname`, `υποκοριστικό`, `прозвище`)
  ['pseudonim', 'person_name'],
  ['apodo', 'person_name'],
  ['alcunha', 'person_name'],
  ['soprannome', 'person_name'],
  ['surnom', 'person_name'],
  ['spitzname', 'person_name'],
  ['rufname', 'person_name'],
  ['bijnaam', 'person_name'],
  ['roepnaam', 'person_name'],
  ['ksywa', 'person_name'],
  ['przezwisko', 'person_name'],
  ['lakap', 'person_name'],
  ['υποκοριστικό', 'person_name'],
  ['υποκοριστικο', 'person_name'],
  ['прозвище', 'person_name'],
  ['прізвисько', 'person_name'],
  ['כינוי', 'person_name'],
  ['ニックネーム', 'person_name'],
  ['昵称', 'person_name'],
  ['별명', 'person_name'],
  // transliterated Ukrainian and Russian keys (`prizvyshche` surname, `imia` name, `familiya`), a payout's abbreviated beneficiary,
  // and the Arabic cardholder (`حامل_البطاقة`)
  ['prizvyshche', 'person_name'],
  ['prizvishche', 'person_name'],
  ['familiya', 'person_name'],
  ['imia', 'person_name'],
  ['imya', 'person_name'],
  ['benef', 'person_name'],
  ['benefname', 'person_name'],
  ['حاملالبطاقة', 'person_name'],
  ['datanarodzhennia', 'date_of_birth'],
  ['datanarodzhennya', 'date_of_birth'],
  ['knownas', 'person_name'],
  ['callname', 'person_name'],
  ['forename', 'person_name'],
  ['forenames', 'person_name'],
  ['givennames', 'person_name'],
  ['fname', 'person_name'],
  ['lname', 'person_name'],
  ['firstnm', 'person_name'],
  ['lastnm', 'person_name'],
  ['namefirst', 'person_name'],
  ['namelast', 'person_name'],
  ['custnm', 'person_name'],
  ['cardholder', 'person_name'],
  ['accountholder', 'person_name'],
  ['policyholder', 'person_name'],
  ['primaryinsured', 'person_name'],
  ['payee', 'person_name'],
  ['username', 'person_name'],
  ['fn', 'person_name'],
  // LDAP / SAML attribute names (surname, given name, display name)
  ['sn', 'person_name'],
  ['givenname', 'person_name'],
  ['vorname', 'person_name'],
  ['nachname', 'person_name'],
  ['familienname', 'person_name'],
  ['prenom', 'person_name'],
  ['prénom', 'person_name'],
  ['nomdefamille', 'person_name'],
  ['nombre', 'person_name'],
  ['apellido', 'person_name'],
  ['apellidos', 'person_name'],
  ['cognome', 'person_name'],
  ['voornaam', 'person_name'],
  ['achternaam', 'person_name'],
  ['imie', 'person_name'],
  ['imię', 'person_name'],
  ['nazwisko', 'person_name'],
  ['sobrenome', 'person_name'],
  ['primeironome', 'person_name'],
  ['nameondocument', 'person_name'],
  ['nameinpnr', 'person_name'],
  ['pnrname', 'person_name'],
  ['paxname', 'person_name'],
  // whole records in a personal format: a vCard, IATA SSR/OSI elements, a boarding-pass barcode
  ['vcard', 'personal'],
  ['vcf', 'personal'],
  ['jcard', 'personal'],
  ['ssr', 'personal'],
  ['osi', 'personal'],
  ['bcbp', 'personal'],
  ['boardingpassbarcode', 'personal'],
  ['nombrecompleto', 'person_name'],
  ['nomecompleto', 'person_name'],
  ['nomcomplet', 'person_name'],
  ['vollername', 'person_name'],
  ['secondname', 'person_name'],
  ['mrzname', 'person_name'],
  ['embossedname', 'person_name'],
  ['mac', 'mac_address'],
  ['macaddress', 'mac_address'],
  ['macaddr', 'mac_address'],
  ['hwaddr', 'mac_address'],
  ['hwaddress', 'mac_address'],
  ['hardwareaddress', 'mac_address'],
  ['bssid', 'mac_address'],
  ['bluetoothaddress', 'mac_address'],
  ['btaddress', 'mac_address'],
  ['wifimac', 'mac_address'],
  ['ethmac', 'mac_address'],
  ['devicemac', 'mac_address'],
  ['imei', 'device_id'],
  ['imeisv', 'device_id'],
  ['meid', 'device_id'],
  ['iccid', 'device_id'],
  ['imsi', 'device_id'],
  ['advertisingid', 'device_id'],
  ['idfa', 'device_id'],
  ['gaid', 'device_id'],
  ['adid', 'device_id'],
  // identifiers of one handset or installation: Apple's IDFV, Android ID, a device id or UDID
  ['idfv', 'device_id'],
  ['androidid', 'device_id'],
  ['ssaid', 'device_id'],
  // field names in Vietnamese, Greek, Czech/Slovak and Tagalog, with and without diacritics
  // (`họ_tên`, `Ονοματεπώνυμο`, `příjmení`, `địa_chỉ`, `bydliště`, `ngày_sinh`, `số_điện_thoại`)
  ...multilingual('person_name', 'họtên hoten họvàtên hovaten tênđầyđủ tendaydu ονοματεπώνυμο ονοματεπωνυμο επώνυμο επωνυμο πλήρεςόνομα ' +
    'příjmení prijmeni priezvisko celéjméno celejmeno apelido apelidos pangalan buongpangalan apelyido'),
  ...multilingual('postal_address', 'địachỉ diachi địachỉnhận diachinhan địachỉgiaohàng diachigiaohang διεύθυνση διευθυνση ' +
    'bydliště bydliste trvalébydliště trvalebydliste adresabydliště adresabydliste bydlisko trvalýpobyt trvalypobyt tirahan'),
  ...multilingual('date_of_birth', 'ngàysinh ngaysinh ngàythángnămsinh ngaythangnamsinh ημερομηνίαγέννησης ημερομηνιαγεννησης ' +
    'datumnarození datumnarozeni dátumnarodenia datumnarodenia kaarawan kapanganakan petsangkapanganakan'),
  ...multilingual('phone', 'sốđiệnthoại sodienthoai điệnthoại dienthoai sđt sdt τηλέφωνο τηλεφωνο κινητό κινητο telefonníčíslo telefonnicislo ' +
    '手机 手机号 手机号码 电话 电话号码 联系电话 联系方式 移动电话 固定电话 手機 手機號碼 電話 聯絡電話 携帯 携帯番号 連絡先電話番号 핸드폰 휴대전화 전화'),
  // a Japanese or Korean name written in another script, as a field of a person (`契約者.ローマ字`, `フリガナ`)
  ...multilingual('person_name', 'ローマ字 フリガナ ふりがな カナ かな カナ氏名 氏名カナ 氏名ローマ字 姓名 名字 성명 이름'),
  // SAP customer, contact and address tables (KNA1, KNVK, ADRC, BUT000): `NAMEV`, `GBDAT`, `STRAS`, `TELF1`, `SMTP_ADDR`
  ...multilingual('person_name', 'namev namefirst namelast namelst'),
  ...multilingual('date_of_birth', 'gbdat birthdt'),
  ...multilingual('postal_address', 'stras strsuppl1 strsuppl2'),
  ...multilingual('phone', 'telf1 telf2 telnumber mobnumber'),
  ...multilingual('email', 'smtpaddr'),
  // a person's handle on a messenger or a social network (`contact.telegram: '@bohdan_t'`)
  ...multilingual('person_name', 'telegram twitter instagram tiktok snapchat skype threads mastodon telegramhandle twitterhandle instagramhandle'),
  // field names in Romanian, Finnish, Hungarian, Serbo-Croatian, Swahili, and Arabic, Persian and Hindi
  // romanised (`contribuabil.prenume`, `opiskelija.etunimet`, `kotiosoite`, `tarikh_al_milad`, `ism_kamil`,
  // `unwan`, `mteja.anwani`, `tarehe_ya_kuzaliwa`), and a British house name (`houseNameOrNumber`)
  ...multilingual('person_name', 'prenume prenumele numedefamilie numefamilie numelede etunimet sukunimet kutsumanimi ' +
    'prezime imeiprezime ismkamil alismalkamil ismalkamil alism ismulkamil ismawwal ismakhir ismalaila ismaleaila ' +
    'jinakamili jinalakwanza jinalamwisho jinalaukoo namekamil namkhanevadegi namkhanevadigi shohratnaam pooranaam puranaam'),
  ...multilingual('postal_address', 'osoite katuosoite kotiosoite postiosoite lahiosoite lähiosoite laskutusosoite toimitusosoite ' +
    'lakcím lakcim lakcime értesítésicím ertesitesicim adress adressen unwan alunwan anwani anwaniyamakazi ' +
    'neshani neshaani nishani pata patta housename housenameornumber housenumberorname buildingnameornumber'),
  ...multilingual('date_of_birth', 'tarikhalmilad tarikhmilad tarikhulmilad tarikhelmilad almilad milad tareheyakuzaliwa ' +
    'tarikhtavalod tarikhetavalod tarikhlahir datumrodjenja datumrođenja datumrodenja datanasterii datanașterii janmtithi janmatithi ' +
    'syntymäaika syntymapaiva syntymäpäivä születésidátum szuletesidatum'),
  ...multilingual('phone', 'puhelin puhelinnumero matkapuhelin telefonszam telefonszám mobilszam mobilszám simu nambayasimu ' +
    'raqmalhatif raqmhatif hatif jawwal raqmaljawwal shomaretamas shomareh'),
  // Ukrainian, Belarusian, Bulgarian, Serbian Cyrillic (`заявник.прізвище`, `піб`, `дата_народження`) and Russian e-mail / mobile keys
  ...multilingual('person_name', "прізвище прiзвище імя ім'я ім’я іменa піб пiб побатькові по-батькові прозвішча імя імено презиме фамилно бащино"),
  ...multilingual('date_of_birth', 'датанародження датанарадження датанараджэння датанараждане датарођења датумрођења'),
  ...multilingual('email', 'елпошта електроннапошта почта электроннаяпочта эпочта емейл имейл імейл'),
  ...multilingual('phone', 'мобільний мобильный мобилен мобилни номертелефону номертелефона'),
  // Hindi (Devanagari) and Arabic keys (`नाम`, `जन्म_तिथि`, `पता`, `الاسم_الكامل`, `الاسم_باللاتينية`, `رقم_الهاتف`)
  ...multilingual('person_name', 'नाम पूरानाम नामअंग्रेज़ी नामअंग्रेजी पिताकानाम माताकानाम पतिकानाम उपनाम ' +
    'الاسمالكامل الاسمكامل الاسمباللاتينية الاسمبالإنجليزية الاسمبالانجليزية اسمالعائلة الاسمالأول الاسمالاول اسمالأب اللقب'),
  ...multilingual('date_of_birth', 'जन्मतिथि जन्मदिनांक जन्मतारीख تاريخالولادة'),
  ...multilingual('postal_address', 'पता स्थायीपता वर्तमानपता पताविवरण'),
  ...multilingual('phone', 'फ़ोन फोन मोबाइल मोबाइलनंबर फ़ोननंबर फोननंबर الهاتف رقمالهاتف الجوال رقمالجوال هاتف جوال موبايل'),
  ...multilingual('email', 'ईमेल ईमेलपता البريدالإلكتروني البريدالالكتروني بريدإلكتروني الايميل'),
  // WhatsApp's id of a user is their phone number (`contacts[].wa_id: '5521909576063'`)
  ['waid', 'phone'],
  ['whatsappid', 'phone'],
  ['recipientwaid', 'phone'],
  // DICOM JSON (PS3.18 F.2): attributes keyed by tag — patient's name, birth date, address and phones, physicians' names
  ['00100010', 'person_name'],
  ['00100030', 'date_of_birth'],
  ['00101040', 'postal_address'],
  ['00102154', 'phone'],
  ['00100050', 'person_name'],
  ['00101001', 'person_name'],
  ['00101060', 'person_name'],
  ['00080090', 'person_name'],
  ['00081050', 'person_name'],
  ['00081060', 'person_name'],
  ['00321032', 'person_name'],
  ['00080092', 'postal_address'],
  ['00080094', 'phone'],
  // Greek and Korean: `ημ_γέννησης` (abbreviated birth date), `주문자명` / `수령인명` (orderer's, recipient's name)
  ...multilingual('date_of_birth', 'ημγέννησης ημγεννησης ημ/νίαγέννησης ημερ.γέννησης 생일 생년월일'),
  ...multilingual('person_name', '영문이름 영문명 한글이름 영문성명 주문자명 수령인명 수취인명 고객명 예약자명 보호자명 환자명 신청인명 담당자명 받는분 보내는분'),
  // a person named by their role in Chinese, Japanese and Korean keys and in pinyin (`yisheng: "陈建国"`, the
  // doctor; `医師`, `担当医`; `대표자`, the representative; `lianxiren`, the contact person)
  ...multilingual('person_name', '医生 医师 醫生 醫師 主治医生 主治医师 联系人 聯絡人 收件人 收货人 收貨人 寄件人 经办人 經辦人 ' +
    '医師 担当医 主治医 看護師 受取人 依頼人 代表者 ' +
    '의사 담당의 주치의 간호사 대표자 수령인 수취인 예약자 신청인 ' +
    // a role and 名 / 名前 / 氏名 (`社員名`, `顧客名`, `患者氏名`): the person's name — not 会社名, 商品名, 店舗名 (a company, a product, a shop)
    '社員名 従業員名 職員名 顧客名 患者名 患者氏名 会員名 利用者名 契約者名 申請者名 受取人名 依頼人名 保護者名 予約者名 宿泊者名 乗客名 生徒名 学生名 担当者名 担当者氏名 ' +
    '客户名 客戶名 患者姓名 员工姓名 員工姓名 会员名 會員名 收件人姓名 联系人姓名 聯絡人姓名 예약의 ' +
    'yisheng zhuzhiyisheng lianxiren shoujianren shouhuoren jijianren fuzeren jingbanren xingmingpinyin pinyinxingming'),
  // fields named by the pinyin initials of their Chinese names, a habit of Chinese government and
  // enterprise systems: xm 姓名, csrq 出生日期, lxdh 联系电话, sjhm 手机号码, jtdz 家庭住址, hjdz 户籍地址,
  // xzdz 现住地址, dzyx 电子邮箱 (sfzh 身份证号 is with the national numbers)
  ...multilingual('person_name', 'xm xmpy'),
  ...multilingual('date_of_birth', 'csrq'),
  ...multilingual('phone', 'lxdh sjhm lxdhhm'),
  ...multilingual('postal_address', 'jtdz hjdz xzdz jzdz'),
  ...multilingual('email', 'dzyx'),
  // keys romanised from Thai (`chue_ten` ชื่อ-นามสกุล, `wan_koet` วันเกิด, `thi_yu` ที่อยู่), Tamil (`peyar` பெயர்,
  // `mugavari` முகவரி) and Persian/Urdu (`neshani` نشانی, `manzil`): the name, birth date and address fields of those systems
  ...multilingual('person_name', 'chueten chuenamsakun namsakun peyar'),
  ...multilingual('date_of_birth', 'wankoet wankerd piranthanaal'),
  ...multilingual('postal_address', 'thiyu mugavari neshani'),
  // … and from Georgian (`saxeli_gvari`, `misamarti`, `telefoni`), Arabic (`ism_al_amil`, `alonwan`),
  // Amharic (`yedenbegna_sim`, `adirasha`), Thai (`thorasap`), Greek (`dieuthinsi`) and German (`geb`, geboren)
  ...multilingual('person_name', 'saxeli saxeligvari gvari ismalamil ismalameel ismalzabun ismkamil alismalkamil yedenbegnasim shemmale shemmalé'),
  ...multilingual('postal_address', 'misamarti alonwan alunwan unwan adirasha dieuthinsi diefthinsi dieythinsi'),
  ...multilingual('phone', 'thorasap telefoni mispartelefon misparnayad'),
  // Italian `nato_il` / `nata_il` ('born on'), as whole keys (`aggiornato_il` is 'updated on')
  ...multilingual('date_of_birth', 'geb gebdat natoil natail natoa nataa'),
  // first and last name abbreviated after a role (`cust_fnm`, `cust_lnm`, `drv_nm`, `emp_nm`)
  ...multilingual('person_name', 'fnm lnm custfnm custlnm drvnm drivernm empnm ptnm patnm usrnm mbrnm membernm firstnm lastnm'),
  // the Dutch particle of a family name kept in a field of its own (`tussenvoegsel: "van der"`)
  ...multilingual('person_name', 'tussenvoegsel tussenvoegsels voorvoegsel'),
  // `PortalSession.bearer`: the token itself
  ['bearer', 'credential'],
  // Twilio's API key SID names the key (`SK…`), used with its secret as a credential pair
  ['apikeysid', 'api_key'],
  ['bearertoken', 'credential'],
  // identity documents and the national numbers of persons, by the names they go by in each
  // country, as whole keys (`curp`, `pesel`, `bsn`, `sfzh` — pinyin initials of 身份证号 — `رقم_الهوية`, `주민등록번호`).
  // Not `documentNumber` or `pan`: as often an invoice's number or a card's number.
  ...multilingual(
    'government_id',
    'passport passportno passportnum passportnr passportid passportnumbers reisepass reisepassnummer passeport numeropasseport ' +
      'pasaporte numeropasaporte passaporto passaporte numeropassaporte paszport numerpaszportu pasaport pasaportno паспорт номерпаспорта ' +
      'nationalidnumber nationalidentifier nationalidentitynumber nationalidentificationnumber nationalinsurancenumber ' +
      'nationalinsuranceno nino ninumber idcardnumber idcardno identitycard identitycardnumber identitynumber ' +
      'identificationnumber identitydocumentnumber iddocumentnumber idnumber ' +
      'curp rfc dni numerodni nie nif cpf rg cuil cuit bsn burgerservicenummer sofinummer ' +
      'pesel nip tckn tckimlikno tckimlik kimlikno tcno aadhaar aadhar aadhaarnumber aadharnumber aadhaarno pannumber ' +
      'pancard pancardnumber snils снилс amka αμκα afm αφμ svnr sozialversicherungsnummer versichertennummer ' +
      'krankenversichertennummer steuerid steueridentifikationsnummer ahvnummer codicefiscale numerosecu ' +
      'numerosecuritesociale insee nss numeroseguridadsocial socialinsurancenumber nric hkid mykad icnumber nik ktp ' +
      'noktp nomorktp cccd cmnd socancuoc socccd personnummer hetu henkilotunnus rodnecislo egn cnp oib jmbg emiratesid ' +
      'iqama iqamanumber civilid mynumber マイナンバー 個人番号 身份证 身份证号 身份证号码 公民身份号码 证件号码 证件号 sfzh ' +
      'sfzhm shenfenzheng shenfenzhenghao zjhm 주민등록번호 주민번호 jumin เลขบัตรประชาชน เลขประจำตัวประชาชน ' +
      'رقمالهوية رقمهوية الهوية رقمالهويةالوطنية رقمالإقامة الرقمالقومي رقمقومي driverlicense driverslicensenumber driverlicensenumber',
  ),
]);

/** Entries for a space-separated list of normalised keys. */
function multilingual(category: HintCategory, keys: string): Array<[string, HintCategory]> {
  return keys.split(' ').map((k): [string, HintCategory] => [k, category]);
}

/**
 * Keys that hold a handset's id in a mobile app's payload but an asset id in infrastructure
 * telemetry (`deviceId` of a rack sensor): decided by the value's shape (isHandsetIdShape).
 */
const HANDSET_ID_KEYS: ReadonlySet<string> = new Set(['device', 'deviceid', 'deviceidentifier', 'deviceuuid', 'hardwareid', 'vendorid', 'clientdeviceid', 'mobiledeviceid']);

export function isHandsetIdField(name: string): boolean {
  return HANDSET_ID_KEYS.has(normalizeFieldName(name));
}

/** An Android ID (16 hex), a push token (64 hex) or an Apple IDFV/IDFA (an upper-case UUID); a lower-case UUID is an asset or request id. */
const HANDSET_ID_SHAPE = /^(?:[0-9a-f]{16}|[0-9A-F]{16}|[0-9A-Fa-f]{64}|[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12})$/;

export function isHandsetIdShape(v: string): boolean {
  return HANDSET_ID_SHAPE.test(v);
}

/** Suffixes, checked in order (longer and more specific first). */
const SUFFIXES: ReadonlyArray<[string, HintCategory]> = [
  ['fullname', 'person_name'],
  ['firstname', 'person_name'],
  ['lastname', 'person_name'],
  ['givenname', 'person_name'],
  ['givennames', 'person_name'],
  ['familyname', 'person_name'],
  ['middlename', 'person_name'],
  ['middlenames', 'person_name'],
  ['maidenname', 'person_name'],
  ['patronymic', 'person_name'],
  ['kana', 'person_name'],
  ['yomigana', 'person_name'],
  ['shem', 'person_name'],
  ['shemmale', 'person_name'],
  ['shemprati', 'person_name'],
  ['shemmishpacha', 'person_name'],
  ['taarichleida', 'date_of_birth'],
  ['tarichleida', 'date_of_birth'],
  ['ktovet', 'postal_address'],
  ['patronym', 'person_name'],
  ['otchestvo', 'person_name'],
  ['batkovi', 'person_name'],
  ['legalname', 'person_name'],
  ['preferredname', 'person_name'],
  ['nickname', 'person_name'],
  ['surname', 'person_name'],
  ['nameoncard', 'person_name'],
  ['dateofbirth', 'date_of_birth'],
  ['birthdate', 'date_of_birth'],
  ['birthday', 'date_of_birth'],
  ['dobdate', 'date_of_birth'],
  // `patient_dob`, `memberDob`, `PAX_DOB`: no English word ends in 'dob'
  ['dob', 'date_of_birth'],
  ['streetaddress', 'postal_address'],
  ['streetname', 'postal_address'],
  // Salesforce `MailingStreet`, `BillingStreet`, `ShippingStreet`, `OtherStreet`
  ['street', 'postal_address'],
  ['addressline1', 'postal_address'],
  ['addressline2', 'postal_address'],
  ['addressline', 'postal_address'],
  ['socialsecuritynumber', 'us_ssn'],
  ['ssn', 'us_ssn'],
  ['taxid', 'government_id'],
  // a taxpayer identification number of a person (a US TIN is an SSN or an ITIN)
  ['tin', 'government_id'],
  ['recipienttin', 'government_id'],
  ['payeetin', 'government_id'],
  ['taxpayertin', 'government_id'],
  ['nationalid', 'government_id'],
  ['passportnumber', 'government_id'],
  ['driverslicense', 'government_id'],
  // … and at the end of a compound key (`holderPassportNumber`, `clientePesel`, `insuredAadhaar`):
  // only words long or rare enough not to end another word
  ...multilingual(
    'government_id',
    'passport passportno passeport pasaporte passaporto reisepass paszport aadhaar aadhar pesel curp snils tckimlikno kimlikno ' +
      'nationalidnumber nationalinsurancenumber identitycardnumber idcardnumber sozialversicherungsnummer versichertennummer ' +
      'steuerid codicefiscale burgerservicenummer personnummer henkilotunnus 身份证号 身份证号码 주민등록번호 เลขบัตรประชาชน رقمالهوية',
  ),
  ['emailaddress', 'email'],
  ['emails', 'email'],
  ['email', 'email'],
  ['phonenumbers', 'phone'],
  ['phonenumber', 'phone'],
  ['phones', 'phone'],
  ['phone', 'phone'],
  ['mobilenumber', 'phone'],
  ['mobilephone', 'phone'],
  ['faxnumber', 'phone'],
  ['password', 'credential'],
  ...multilingual('credential', 'senha contrasena contraseña passwort kennwort wachtwoord haslo hasło sifre şifre parola motdepasse salasana adgangskode lösenord losenord пароль 密码 パスワード 비밀번호'),
  ['passwd', 'credential'],
  ['passphrase', 'credential'],
  ['secret', 'credential'],
  ['secretkey', 'credential'],
  ['privatekey', 'credential'],
  ['secretaccesskey', 'credential'],
  ['accountkey', 'credential'],
  ['signingkey', 'credential'],
  ['accesskeyid', 'api_key'],
  // the id of a cloud service account's private key (GCP `private_key_id`, 40 hex): names the
  // key that signs as the account, so it is kept no more than the key id of an access key
  ['privatekeyid', 'api_key'],
  ['serviceaccountkeyid', 'api_key'],
  ['apikeyid', 'api_key'],
  ['apikey', 'api_key'],
  ['apitoken', 'credential'],
  ['accesstoken', 'credential'],
  ['refreshtoken', 'credential'],
  ['idtoken', 'credential'],
  ['authtoken', 'credential'],
  ['bottoken', 'credential'],
  ['sessiontoken', 'credential'],
  ['bearertoken', 'credential'],
  ['authorization', 'credential'],
  ['cookie', 'credential'],
  ['credential', 'credential'],
  ['credentials', 'credential'],
  // Wi-Fi pre-shared keys, API gateway subscription keys (Azure APIM `Ocp-Apim-Subscription-Key`);
  // not bare `tokens`, which is as often a count (an LLM call's `usage.tokens`)
  ['psk', 'credential'],
  ['wpapsk', 'credential'],
  ['presharedkey', 'credential'],
  ['wifipassword', 'credential'],
  ['subscriptionkey', 'api_key'],
  ['pushtokens', 'device_id'],
  ['devicetokens', 'device_id'],
  ['macaddress', 'mac_address'],
  ['imei', 'device_id'],
  // push-notification tokens address one handset (APNs, FCM); a device's serial identifies it
  ['pushtoken', 'device_id'],
  ['devicetoken', 'device_id'],
  ['apnstoken', 'device_id'],
  ['fcmtoken', 'device_id'],
  ['deviceserial', 'device_id'],
  ['deviceserialnumber', 'device_id'],
  ['handsetserial', 'device_id'],
  ['udid', 'device_id'],
  // the holder of an account or a card, in the languages of the field names we see
  ['inhaber', 'person_name'],
  ['titulaire', 'person_name'],
  ['titular', 'person_name'],
  ['rekeninghouder', 'person_name'],
  ['pashouder', 'person_name'],
  ['intestatario', 'person_name'],
  ['holdername', 'person_name'],
  // a parent's name as identity forms ask for it (`nomeMae` on Brazilian KYC, `nombreMadre`, `motherName`)
  ...multilingual('person_name', 'nomemae nomedamae nomepai nomedopai nombremadre nombrepadre mothername fathername mothersname fathersname mothersmaidenname mutternname vatername nommere nompere'),
  // a street as Brazilian and Portuguese records name it
  ['logradouro', 'postal_address'],
  ['primaryaccountnumber', 'personal'],
  // a travel document's number in IATA NDC messages (`IdentityDoc.IdentityDocID`)
  ['identitydocid', 'government_id'],
];

/**
 * Words that name a person's name in the field-name languages we see, matched as whole words of
 * a key (`prenom_usuel`, `apellido_paterno`, `NACHNAME_GEBURT`, `soyadi`): unlike `name`/`nombre`,
 * none of them names a thing's title.
 */
const NAME_WORDS: ReadonlySet<string> = new Set([
  'prenom', 'prénom', 'prenoms', 'prénoms', 'vorname', 'vornamen', 'nachname', 'familienname', 'geburtsname', 'rufname',
  'apellido', 'apellidos', 'cognome', 'nazwisko', 'imie', 'imię', 'imiona', 'voornaam', 'voornamen', 'achternaam',
  'sobrenome', 'soyad', 'soyadi', 'soyadı', 'efternamn', 'förnamn', 'fornamn', 'etternavn', 'fornavn', 'efternavn',
  'sukunimi', 'etunimi', 'surname', 'surnames', 'forename', 'forenames', 'firstname', 'lastname', 'givenname', 'familyname',
  'middlename', 'maidenname',
  // holders: `titulaire_compte`, `inhaber_karte`
  'titulaire', 'titular', 'inhaber', 'intestatario', 'houder', 'cardholder', 'accountholder',
]);

/** `nom_<word>` / `nombre_<word>` / `nome_<word>`: the second word makes the first a person's name (`nom_famille`, `nombre_completo`). */
const NAME_QUALIFIERS: ReadonlySet<string> = new Set([
  'famille', 'naissance', 'usage', 'usuel', 'jeune', 'fille', 'marital', 'epouse', 'épouse', 'complet', 'completo', 'pila',
  'proprio', 'paterno', 'materno', 'patronymique',
]);

/** Keys of an entity's own name: a person's under a person, the thing's under a thing. */
const ENTITY_NAME_KEYS: ReadonlySet<string> = new Set(['legalname', 'fullname', 'displayname', 'registeredname', 'tradingname', 'officialname', 'shortname', 'preferredname']);

/** 'name' in other languages: a person's name in a person or at top level, a title in a thing. */
const AMBIGUOUS_NAME_WORDS: ReadonlySet<string> = new Set(['नाम', 'الاسم', 'اسم', 'ism', 'ismi', 'nombre', 'nome', 'nom', 'naam', 'navn', 'namn', 'nazwa', 'isim', 'adi', 'adı', 'nama', 'ชื่อ', 'όνομα', 'ονομα', 'nume', 'nimi', 'név', 'nev', 'jina']);

/** A key's words: split at '_', '-', '.', spaces and lower→upper case changes; lower case. */
function keyWords(name: string): string[] {
  return name
    .replace(/([a-z\u00df-\u00ff])([A-Z\u00c0-\u00de])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9\u00df-\u024f]+/)
    .filter((w) => w.length > 0);
}

/**
 * Abbreviations of field-name words in enterprise and banking schemas (`CUST_FIRST_NM`,
 * `dbtr.nm`, `ph_no`, `dt_birth`, `recipient_tel`, ISO 20022 `PstlAdr`): expanded, the key
 * meets the same lists as its long form. Only whole words are expanded.
 */
const ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['nm', 'name'], ['nme', 'name'], ['fst', 'first'], ['frst', 'first'], ['lst', 'last'], ['mid', 'middle'], ['addr', 'address'], ['adr', 'address'],
  ['ln', 'line'], ['dt', 'date'], ['brth', 'birth'], ['bth', 'birth'], ['ph', 'phone'], ['phn', 'phone'], ['tel', 'telephone'],
  ['mob', 'mobile'], ['mbl', 'mobile'], ['eml', 'email'], ['cust', 'customer'], ['dbtr', 'debtor'], ['cdtr', 'creditor'], ['ultmt', 'ultimate'],
  ['emp', 'employee'], ['empl', 'employee'], ['usr', 'user'], ['pstl', 'postal'], ['strt', 'street'], ['bldg', 'building'], ['pax', 'passenger'],
  ['pt', 'patient'], ['benef', 'beneficiary'], ['bnf', 'beneficiary'], ['acct', 'account'], ['hldr', 'holder'], ['gvn', 'given'], ['fam', 'family'], ['sur', 'sur'],
  ['rcv', 'receiver'], ['recv', 'receiver'], ['rcvr', 'receiver'], ['rcpt', 'recipient'], ['sndr', 'sender'], ['shp', 'shipper'], ['cnee', 'consignee'],
]);

/** The key with its abbreviated words expanded and joined (`CUST_FIRST_NM` → `customerfirstname`), or undefined when nothing changed. */
function expandedKey(name: string): string | undefined {
  const words = keyWords(name);
  if (words.length === 0) return undefined;
  let changed = false;
  const out = words.map((w, i) => {
    // 'no' / 'num' / 'nr' is a number only after a phone word ('ph_no'); elsewhere it may mean 'not'
    if ((w === 'no' || w === 'num' || w === 'nr' || w === 'nbr') && i > 0 && /phone|mobile|fax|cell/.test(ABBREVIATIONS.get(words[i - 1]) ?? words[i - 1])) {
      changed = true;
      return 'number';
    }
    // 'fn' / 'ln' / 'mn' after a person's role are the parts of their name (`pt_fn`, `guar_ln`); elsewhere 'fn' may be a function
    if ((w === 'fn' || w === 'ln' || w === 'mn') && i > 0 && isPersonRole(ABBREVIATIONS.get(words[i - 1]) ?? words[i - 1])) {
      changed = true;
      return w === 'fn' ? 'firstname' : w === 'ln' ? 'lastname' : 'middlename';
    }
    const x = ABBREVIATIONS.get(w);
    if (x === undefined || x === w) return w;
    changed = true;
    return x;
  });
  return changed ? out.join('') : undefined;
}

/** `ADDR_LINE_1`, `addr_ln1`, `adr_zeile_2`, `address_line_one`: an address line however abbreviated. */
function hasAddressLineWords(name: string): boolean {
  const words = keyWords(name);
  if (words.length < 2) return false;
  const first = words[0];
  if (first !== 'addr' && first !== 'adr' && first !== 'address' && first !== 'adresse' && first !== 'street') return false;
  const second = words[1];
  return second === 'line' || second === 'ln' || second === 'zeile' || second === 'ligne' || second === 'linea' || second === 'linha' || /^(?:line|ln|l)\d$/.test(second);
}

/** A key made of words, one of which names a person's name (`prenom_usuel`, `nom_famille`, `apellidoPaterno`). */
function hasNameWord(name: string): boolean {
  const words = keyWords(name);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (NAME_WORDS.has(w)) return true;
    if ((w === 'nom' || w === 'nombre' || w === 'nome' || w === 'name') && i + 1 < words.length && NAME_QUALIFIERS.has(words[i + 1])) return true;
  }
  return false;
}

/**
 * Words naming a person's role: `<role>name` is a person's name (`ownerName`, `recipientName`),
 * an object under `<role>` or `<role>s` is a person. Compounds end with the role
 * (`emergencyContact`, `billingContact`, `leadPassenger`).
 */
const PERSON_ROLES: readonly string[] = (
  'person persons people patient customer cust passenger pax traveler traveller guest contact owner holder cardholder ' +
  'accountholder policyholder recipient receiver sender requester requestor reporter assignee author user member subscriber ' +
  'applicant employee staff driver doctor physician practitioner nurse caregiver guardian mother father spouse ' +
  'dependent dependant nextofkin emergencycontact insured beneficiary payee payer debtor creditor consignee consignor ' +
  'shipper signer signatory witness investigator abonne abonné abbonato abbonata suscriptor suscriptora abonent abonentka assinante tenant landlord buyer seller student teacher attendee participant reviewer approver ' +
  'agent representative lead leadguest booker caller callee addressee shipto billto householder borrower lender heir ' +
  'individual subject actor performer recorder asserter attester informant referrer referee manager supervisor officer ' +
  'director secretary admin administrator technician cardmember candidate claimant visitor resident occupant ' +
  'relative kin interviewee jobseeker lessee pupil learner dbtr cdtr ultmtdbtr ultmtcdtr ' +
  // the same roles in other languages (Indonesian, Spanish, Portuguese, French, German, Italian, Czech, Russian romanised)
  // Chinese roles in pinyin (`huanzhe.xingming`, the patient; `kehu`, the customer)
  'huanzhe bingren kehu guke shoujianren jijianren lianxiren yisheng hushi ' +
  'pelanggan pembeli penerima pengirim pasien karyawan pegawai nasabah cliente paciente pasajero solicitante titular asegurado ' +
  'destinatario remitente huesped hóspede passageiro segurado patient passager expediteur destinataire kunde empfaenger absender ' +
  'versicherter mieter paziente passeggero mittente odberatel zakaznik pacient gost passazhir klient epivatis pelates ' +
  // Nordic, Dutch, Polish, Turkish, Finnish
  'auftraggeber zahlungsempfänger zahlungsempfaenger empfänger auftraggeberin kund kunde kunden patient passagerare mottagare avsandare anstalld hyresgast klant ontvanger afzender huurder werknemer ' +
  'pasazer odbiorca nadawca pracownik najemca musteri müşteri hasta yolcu alici gonderen calisan asiakas potilas matkustaja vastaanottaja ' +
  // Hungarian, Norwegian, Greek romanised, Spanish legal, volunteers, sponsors and donors
  'ugyfel ügyfél beteg fizeto fizető befizeto mottaker avsender pasient symmetexon symmetechon demandada demandado demandante ' +
  // legal roles (`service_list[].attorney`, `custodian`), staff, taxpayers, and roles in Finnish, Romanian, Swahili, Turkish
  'attorney lawyer counsel solicitor barrister advocate notary custodian plaintiff defendant petitioner appellant appellee ' +
  'trustee executor executrix guarantor settlor grantor grantee decedent deceased personnel personel taxpayer contribuabil ' +
  'contribuable contribuyente contribuinte steuerpflichtiger podatnik mukellef verovelvollinen opiskelija asiakas hakija ' +
  'mteja mgonjwa mwanafunzi mwajiriwa mpokeaji mtumaji dereva wakil tajir ' +
  'bewoner vrijwilliger volunteer freiwillige sponsor donor ' +
  // claims and inspection staff, and whom a case is assigned to (`escalacion.asignadaA`, `assignedTo`)
  'expert assessor adjuster surveyor assignedto asignadoa asignadaa atribuidoa atribuidaa zugewiesenan ' +
  // Indonesian, Vietnamese, Greek, Czech, Tagalog, Portuguese/Spanish/French/German/Italian/Polish/Dutch/Turkish roles
  // (`nama_siswa`, `người_nhận`, `δικαιούχος`, `lekar`, `tutor` of a pet) — a string under one is a person's name
  'siswa murid orangtua ortu wali ayah ibu pemilik pengguna peserta penumpang pengemudi sopir supir kurir dokter guru ahliwaris ' +
  // Romanian roles (`conducator` the driver, `reclamant` / `parat` the parties, `tutore`)
  'conducator conducător reclamant reclamantă pârât parat tutore titular ' +
  // Ukrainian legal roles romanised (`predstavnyk` the representative, `pozyvach` the plaintiff, `vidpovidach` the defendant)
  'predstavnyk pozyvach pozyvachka vidpovidach ' +
  'ngườinhận nguoinhan ngườigửi nguoigui kháchhàng khachhang bệnhnhân benhnhan bácsĩ bacsi họcsinh hocsinh ' +
  'δικαιούχος δικαιουχος πελάτης πελατης ασθενής ασθενης παραλήπτης παραληπτης αποστολέας αποστολεας οδηγός οδηγος γιατρός γιατρος ' +
  'lékař lekar lekarka pojištěnec pojistenec zaměstnanec zamestnanec příjemce prijemce odesílatel odesilatel řidič ridic žák zak ' +
  'benepisyaryo tutor responsavel responsável aluno motorista beneficiario beneficiário alumno conductor medico médico ' +
  'eleve élève medecin médecin conducteur chauffeur beneficiaire bénéficiaire locataire arzt ärztin schueler schüler fahrer ' +
  'beguenstigter begünstigter studente alunno autista inquilino lekarz uczen uczeń kierowca beneficjent leerling bestuurder ' +
  'begunstigde doktor ogrenci öğrenci veli sofor şoför ouder verzorger ouderverzorger contato contatoemergencia contactoemergencia ' +
  'verfasser autor auteur autore gestor gestora resenar resenär tannlege tandlæge tandlaege behandler lege læge laege läkare lakare ' +
  'sykepleier sygeplejerske medlem gjest gäst nominee inmemoryof inhonorof arrendatario locatario arrendador fiador garante avalista ' +
  'garant bürge buerge פונה מטופל לקוח מבוטח נמען שולח רופא רופאה אחות נהג עובד מורה תלמיד הורה מנהל sprzedawca kupujacy kupujący nabywca veterinario veterinaria veterinarian vet tierarzt dierenarts weterynarz ผู้เข้าพัก ลูกค้า ผู้ป่วย ผู้รับ ผู้ส่ง huoltaja ' +
  // 'member' and 'inspector' in other languages (`membru.nume`, `kontrollant.namn`)
  'hire newhire membru miembro membro membre mitglied czlonek członek uye üye jasen jäsen clen člen tag kontrollant inspektor inspecteur ispettore inspetor ' +
  // Chinese, Japanese and Korean roles (`收件人`, `契約者`, `수취인`): a string under one is the person's name
  '收件人 收货人 发货人 寄件人 联系人 聯絡人 客户 客戶 患者 病人 申请人 申請人 契約者 申込者 顧客 受取人 依頼人 送り主 お客様 担当者 担当 ' +
  '수취인 받는사람 보내는사람 고객 환자 신청인 계약자 담당자 ' +
  // Korean roles ending in 자/인 (`예매자` the booker, `피보험자` the insured), Nordic roles as written with their
  // letters (`anställd`, `hyresgäst`), Russian and Ukrainian roles (`игрок` the player, `клиент`, `отримувач`)
  '예매자 구매자 주문자 가입자 피보험자 보험계약자 수령자 수령인 운전자 임차인 세입자 보호자 발신자 수신자 ' +
  // `pib`, Ukrainian ПІБ (surname, name, patronymic) romanised: a role-like key, as `PIB` is also Spanish for GDP
  'pib ' +
  // roles romanised from Hebrew (`mevutach` the insured, `hore` the parent, `lakoach`, `metupal`, `nahag`), Thai (`khon_khap`
  // the driver, `luk_kha`), Arabic (`mariid` the patient, `amil`, `muwazzaf`, `saiq`), Greek (`athlitis`, `mathitis`,
  // `asthenis`) and Russian (`chitatel` the reader, `voditel`, `pokupatel`, `patsient`, `sotrudnik`, `uchenik`)
  'mevutach mevutah hore lakoach metupal nahag khonkhap phukhap lukkha phupuai mariid marid amil alamil muwazzaf saiq athlitis mathitis asthenis chitatel voditel pokupatel patsient sotrudnik uchenik ' +
  'anställd hyresgäst förare ägare sökande avsändare elev ansatt ansat sjåfør eier ejer leietaker lejer työntekijä tyontekija kuljettaja omistaja vuokralainen ' +
  'клиент пациент игрок покупатель получатель отправитель сотрудник водитель пассажир владелец заявитель студент ученик арендатор врач абонент заказчик плательщик страхователь застрахованный ' +
  'клієнт пацієнт гравець покупець отримувач відправник працівник водій пасажир власник заявник студент учень орендар лікар ' +
  // German staff and applicants, Arabic roles (`mitarbeiter`, `antragsteller`, `مقدم_الطلب` the applicant, `العميل`
  // the customer, `المريض` the patient, `الموظف` the employee, `المستفيد` the beneficiary)
  'mitarbeiter mitarbeiterin antragsteller antragstellerin bewerber bewerberin arbeitnehmer ' +
  'مقدمالطلب صاحبالطلب العميل عميل المريض مريض الموظف موظف المستفيد مستفيد المرسل المستلم المسافر مسافر ' +
  // Stripe's `billing_details` and `shipping` (name, address, phone of a person), a user's `profile`, a ride's `rider`
  'billingdetails shippingdetails shipping profile userprofile rider ' +
  // Microsoft Graph's recipient: `from: { emailAddress: { name, address } }`
  'emailaddress'
).split(' ');

/** A Romance key opening with an office, a branch, a bank or a shop, then a qualifier (`oficinaGestora`, `sucursalOrigen`). */
const ROMANCE_PLACE_HEAD = /^(?:oficina|sucursal|agencia|agência|entidad|entidade|empresa|tienda|loja|banco|filial|filiale|ufficio|negozio|agence|societe|société|taller|farmacia|almacen|almacén|armazem|armazém|deposito|depósito)[a-z\u00e0-\u00ff]{3,}$/;

/** Keys of things and organisations: a `name` under them is not a person's. */
const THING_WORDS: readonly string[] = (
  'product item sku article service file document attachment host server node cluster pod container image bucket table list watchlist ' +
  'column field type class method function event queue topic project repository repo branch tag label category plan tier ' +
  'model device app package module plugin merchant store shop hotel airline carrier vendor supplier provider ' +
  'bank organization organisation org company business employer worksfor managingorganization institution hospital clinic ' +
  'pharmacy facility location venue site room building department unit team group role policy rule template campaign ' +
  'catalog catalogue brand variant medication drug course network region zone country city currency coding code useragent ' +
  'factor placeholder integration connector connection job pipeline workflow webhook task schedule report dashboard ' +
  'feature experiment metric alert monitor script restaurant cafe bar pizzeria bakery salon gym school university museum ' +
  'theatre theater cinema stadium airport station terminal port warehouse depot outlet franchise lab laboratory ' +
  'diagnostics practice insurer place stop landmark poi pickup dropoff tariff tarif tarifa tariffa pet pets mascota haustier huisdier ' +
  // API and tracing objects (`operationName`, `spanName`), places and institutions in other languages
  'operation mutation procedure endpoint route command span trace property sede filiale sucursal agencia agenzia agence ' +
  'restaurante ristorante tienda negozio loja geschaeft laden szkola schule ecole escuela scuola escola colegio liceo lycee ' +
  'universidad universita universidade uniwersytet hochschule krankenhaus hopital ospedale szpital apteka apotheke farmacia ' +
  // a company in other languages (`firma`, `empresa`, `société`, `bedrijf`, `şirket`)
  'firma firm empresa societe société societa società bedrijf sirket şirket parish church ' +
  // a product or an article in other languages (`produkt.namn`, `articulo.nombre`)
  'produkt producto produto prodotto produit artikel articulo artículo articolo urun ürün tuote ' +
  // animals and places to stay (`animal.nom`, `alojamento.nome`)
  'animal tier dier zwierze zwierzę accommodation lodging alojamento alojamiento alloggio unterkunft hebergement hébergement ' +
  // places that serve or hand over (`pickup_point_name`, `dispenser.name` of an e-prescription, `garage.name`,
  // `oficinaGestora`, Vietnamese `cua_hang` and `chi_nhanh`: a shop and a branch)
  'bot chatbot point locker dispenser garage workshop office oficina ufficio bureau kiosk dealership showroom cuahang chinhanh ' +
  // a product in Greek (`προϊόντα[].όνομα`)
  'προϊόν προϊόντα προιον προιοντα ' +
  // vehicles and their models (`vehicule.modele`), and things in Swahili (`mnyama.jina`: an animal's name)
  'vehicle vehicule véhicule vehiculo vehículo veicolo veiculo veículo fahrzeug voertuig pojazd arac araç car auto ' +
  'mnyama wanyama bidhaa gari duka kampuni shule hospitali ' +
  // suppliers and providers in other languages (`proveedor.nombre`: a company)
  // a course of study and a trip (`opleiding: 'Ad Verpleegkunde'`, `trajet.depart: 'Lyon Part-Dieu'`)
  'opleiding studie ausbildung studiengang studium curso kierunek degree programme diploma qualification ' +
  'trajet trip journey itinerary reis reise viaje viagem viaggio podroz podróż ' +
  // practices and clinics in Dutch and German (`praktijk.naam`)
  'praktijk praxis kliniek tandartspraktijk huisartspraktijk ' +
  // a product in Hindi and Arabic (`उत्पाद.नाम`, `منتج.الاسم`)
  'उत्पाद वस्तु सामान منتج المنتج منتجات ' +
  'proveedor proveedora fornecedor fournisseur fornitore lieferant leverancier dostawca tedarikci tedarikçi toimittaja prestador prestataire'
).split(' ');

/** Keys whose object is a person's name in parts. */
const NAME_CONTAINERS: ReadonlySet<string> = new Set(['name', 'names', 'humanname', 'personname', 'fullname', 'legalname', 'officialname', 'n', 'patientname', 'nameparts', 'structuredname',
  // IVMS 101 (the travel rule's data model): `naturalPerson.name.nameIdentifier[] {primaryIdentifier, secondaryIdentifier}`
  'nameidentifier', 'localnameidentifier', 'phoneticnameidentifier']);

/** Name parts: person names only inside a person or a person's name. */
// … and a person's name romanised (`huanzhe.pinyin`, `契約者.romaji`)
const NAME_PARTS: ReadonlySet<string> = new Set(['姓', '名', 'せい', 'めい', 'pinyin', 'romaji', 'romaja', 'given', 'family', 'first', 'last', 'fn', 'ln', 'alias', 'aliases', 'aka', 'othernames', 'formernames', 'previousnames', 'middle', 'prefix', 'suffix', 'initials', 'additional', 'honorificprefix', 'honorificsuffix', 'nom', 'nome', 'nombre', 'naam', 'ad', 'adi', 'adı', 'isim', 'text', 'display', 'primaryidentifier', 'secondaryidentifier']);

/** Address parts: postal data only inside an address. */
const ADDRESS_PARTS: ReadonlySet<string> = new Set(['line', 'lines', 'text', 'road', 'via', 'rue', 'house', 'housename', 'building', 'buildingname', 'premise', 'premises', 'flat', 'apartment', 'suite', 'unit', 'streetaddress']);

/** Keys whose presence among an object's keys marks it as a postal address. */
const ADDRESS_MARKERS: ReadonlySet<string> = new Set(['city', 'town', 'townname', 'twnnm', 'locality', 'addresslocality', 'postalcode', 'postcode', 'zip', 'zipcode', 'plz', 'cep', 'pstcd', 'postcd', 'bldgnb', 'housenumber', 'buildingnumber', 'streetnumber', 'addressregion', 'addresscountry']);

/** Keys whose presence marks an object as a person (a name part, or personal attributes). */
const PERSON_MARKERS: ReadonlySet<string> = new Set([
  'firstname', 'lastname', 'givenname', 'familyname', 'surname', 'forename', 'middlename', 'birthdate', 'dateofbirth', 'birthday', 'dob', 'gender', 'sex',
  'nationality', 'salutation', 'maritalstatus', 'fname', 'lname', 'namev', '姓', '生年月日',
  // the same in the languages of the field names we see: a sibling `prenom` makes `nom` a surname
  'prenom', 'prénom', 'vorname', 'nachname', 'apellido', 'apellidos', 'cognome', 'nazwisko', 'imie', 'imię', 'voornaam', 'achternaam',
  'sobrenome', 'soyad', 'soyadi', 'efternamn', 'fornavn', 'etternavn', 'geburtsdatum', 'datenaissance', 'fechanacimiento', 'datanascimento',
  'geschlecht', 'sexe', 'sexo', 'civilite', 'civilité', 'anrede',
]);

/** Names that end like a hint but are not personal (checked first). */
const NOT_HINTS: ReadonlySet<string> = new Set([
  'pagetoken',
  'nextpagetoken',
  'synctoken',
  'continuationtoken',
  'resumetoken',
  'csrftoken',
  'idempotencytoken',
  'filename',
  'hostname',
  'servicename',
  'typename',
  'methodname',
  'emailverified',
  'phoneverified',
  'emailsent',
  'secretname',
  'secretref',
  'secretid',
  'secretversion',
  // dangerous-goods declarations: the UN proper shipping name and technical name of a substance
  'propername',
  'propershippingname',
  'technicalname',
]);

/** Prefixes of `…address` that are not postal (network, e-mail, ledger and hardware addresses). */
const NON_POSTAL_ADDRESS = /(email|mail|ip|ipv4|ipv6|mac|remote|local|peer|server|client|bind|listen|host|socket|wallet|contract|hardware|web|network|net|proxy|gateway|broker|endpoint|public|private|node|bluetooth|bt|wifi|eth|ble|sip|url|uri|link)address(es)?$/;

const normCache = new Map<string, string>();

export function normalizeFieldName(name: string): string {
  let n = normCache.get(name);
  if (n === undefined) {
    // a Salesforce custom field (`SSN__c`, `Birthdate__pc`) is named by what precedes its suffix
    n = name.replace(/__p?c$/, '').toLowerCase().replace(/[_\-\s.]/g, '');
    if (normCache.size >= 4096) normCache.clear();
    normCache.set(name, n);
  }
  return n;
}

function singular(n: string): string {
  if (n.endsWith('ies') && n.length > 4) return n.slice(0, -3) + 'y';
  if (n.endsWith('ses') || n.endsWith('xes')) return n.slice(0, -2);
  return n.endsWith('s') && !n.endsWith('ss') ? n.slice(0, -1) : n;
}

function endsWithAny(n: string, words: readonly string[]): boolean {
  for (const w of words) if (n.endsWith(w)) return true;
  return false;
}

/** Is this (normalised) key a person's role, possibly compounded or plural (`leadPassenger`, `contacts`)? */
function isPersonRole(n: string): boolean {
  if (n.length === 0) return false;
  const s = singular(n);
  // the word as written too: a role ending in 's' is no plural (`asiakas`, Finnish 'customer')
  // 'profile' ends with the thing word 'file' but holds a person (userProfile, customerProfile)
  return (endsWithAny(s, PERSON_ROLES) || endsWithAny(n, PERSON_ROLES)) && (s.endsWith('profile') || !endsWithAny(s, THING_WORDS));
}

/** A column of an export named by a person's role (`Empfänger`, `Patient`, `Auftraggeber`), not its id or e-mail (`customer_id`). */
export function isPersonRoleColumn(name: string): boolean {
  const n = normalizeFieldName(name);
  return n.length >= 4 && isPersonRole(n) && !/(?:id|ids|no|nr|number|num|ref|email|mail|count|type|status|code)$/.test(n);
}

/** Whether a field's own name is a thing's or a place's (`restaurante`, `sede`, `property`): its value is a title, not a person. */
export function namesThing(name: string): boolean {
  const n = normalizeFieldName(name);
  // `storeName`, `hotelName`: the name of a thing
  const stem = n.endsWith('name') && n.length > 4 ? n.slice(0, -4) : n;
  return !isPersonRole(stem) && isThing(stem);
}

function isThing(n: string): boolean {
  // 'profile' ends with the thing word 'file' but holds a person (userProfile, customerProfile)
  // … and a contact point (FHIR ContactPoint) is a phone or an e-mail, not a place
  return n.length > 0 && !n.endsWith('profile') && !n.endsWith('contactpoint') && endsWithAny(singular(n), THING_WORDS);
}

function isPostalAddressKey(n: string): boolean {
  return ((n.endsWith('address') || n.endsWith('addresses')) && !NON_POSTAL_ADDRESS.test(n)) || ADDRESS_IN_SCRIPT.test(n);
}

/**
 * 'Address' in its own script, alone or in a compound key (`ที่อยู่จัดส่ง` delivery address,
 * `配送先住所`, `배송주소`, `адрес_доставки`): Thai, Japanese, Chinese, Korean, Russian, Hebrew,
 * Arabic, Greek — but not an e-mail or IP address in those languages.
 */
const ADDRESS_IN_SCRIPT = /^(?!.*(?:メール|이메일|邮箱|почт|email|ip)).*(?:ที่อยู่|住所|地址|주소|адрес|כתובת|عنوان|διεύθυνση)/u;

/**
 * Objects that hold an identity document (`docs`, `document`, `passport`, `travelDocument`) —
 * taken as one only beside a key no invoice or upload has: its nationality, its issuer, its expiry.
 */
const DOCUMENT_CONTAINERS: ReadonlySet<string> = new Set(['doc', 'docs', 'document', 'documents', 'identitydocument', 'identitydocuments', 'iddocument', 'iddocuments', 'traveldocument', 'traveldocuments', 'passport', 'passports', 'passportdetails', 'idcard', 'identitycard', 'identification', 'apis', 'apisdata', 'documento', 'documentos', 'ausweis', 'reisepass', 'pasaporte', 'passeport', 'pieceidentite']);
const DOCUMENT_MARKERS: ReadonlySet<string> = new Set(['nationality', 'issuingcountry', 'countryofissue', 'issuecountry', 'issuedby', 'issuer', 'issuingauthority', 'expiry', 'expirydate', 'expiration', 'expirationdate', 'dateofexpiry', 'expires', 'validuntil', 'validto', 'issuedate', 'dateofissue', 'issuedon']);
/** The number of a document, in a document object. */
const DOCUMENT_NUMBER_KEYS: ReadonlySet<string> = new Set(['number', 'no', 'nr', 'num', 'numero', 'número', 'nummer', 'numer', 'documentnumber', 'docnumber', 'documentno', 'docno', 'id', 'idnumber', 'value', 'serial', 'serialnumber']);
/** A document's number among a person's attributes. */
const PERSON_DOCUMENT_KEYS: ReadonlySet<string> = new Set(['documentnumber', 'docnumber', 'documentno', 'docno', 'iddocumentnumber', 'numerodocumento', 'numerodedocumento', 'dokumentnummer', 'numerodocumentoidentidad']);

/** A key opening with India's Aadhaar number, unless it holds only part of it or something about it. */
const AADHAAR_KEY = /^aadha?ar(?!.*(?:mask|last|type|status|verif|consent|link|seed|flag|valid|exists|provided|ref))/;

/** 'Date of birth' in other languages, anywhere in a key. */
const BIRTH_DATE_STEM = /geburtsdatum|datadinascita|datedenaissance|datenaissance|fechadenacimiento|fechanacimiento|datadenascimento|datanascimento|dataurodzenia|geboortedatum|f[oø]dselsdato|f[oö]delsedatum|syntymaaika|datumnarozeni|szuletesidatum|dogumtarihi|doğumtarihi/;

/**
 * 'Date of birth' abbreviated in Spanish, Portuguese, Italian, French and German keys: a date word
 * (`f`, `fec`, `fecha`, `dt`, `data`, `date`) then the stem of 'birth' (`nac`, `nasc`, `naiss`), or
 * `gebDat`/`gebDatum`, or French `ddn` (date de naissance).
 */
const BIRTH_DATE_ABBREVIATION = /^(?:f|fe|fec|fch|fecha|fechade|dt|dta|dat|data|datade|date|datede)(?:nac|nacim|nasc|nascim|naiss|nais)$|^(?:gebdat|gebdatum|gebdt)$|^ddn$/;

/** A party of a call as call detail records name it: calling/called/caller/callee number, A/B party or number. */
const CALL_PARTY_KEY = /^(?:calling|called|caller|callee|dialled|dialed|dialing|dialling|originating|terminating)(?:party)?(?:number|num|no|nr|msisdn|e164)$|^(?:a|b|c)(?:party|number|num|partynumber)$|^(?:callingparty|calledparty)$/;

/** Keys with `birth` in them that are not a date of birth. */
const NOT_BIRTH_DATE = /place|country|city|town|state|region|name|cert|weight|length|rate|order|year|month|count|verified|flag|type|status/;

/**
 * A flattened path used as one key (`billingAddress.street`, `address[0].line1`,
 * `customer/first_name`): its last segment named inside the object the segment before names.
 * Returns [parent segment, last segment], or undefined for a plain key.
 */
function flattenedKey(name: string): [string, string] | undefined {
  if (name.indexOf('.') < 0 && name.indexOf('[') < 0 && name.indexOf('/') < 0) return undefined;
  const segs = name.split(/[.[\]/]+/).filter((x) => x.length > 0 && !/^\d+$/.test(x));
  if (segs.length < 2) return undefined;
  return [segs[segs.length - 2], segs[segs.length - 1]];
}

/** The category a field name implies alone, or undefined when the name says nothing. */
/** A key with one or two digits after a word of three letters or more (`tel2`, `mobile1`). */
const NUMBERED_KEY = /^([a-z]{3,})\d{1,2}$/;

/** A name part at the end of a key. */
const NAME_PART_SUFFIX = /(?:first|last|given|family|middle|surname|forename|firstname|lastname)$/;

/** A name part followed by a qualifier of the same value (initial, legal or preferred form, a number). */
const QUALIFIED_NAME_PART = /(?:firstname|lastname|givenname|familyname|surname|forename|middlename|firstnames|givennames)(?:mi|initials?|middleinitials?|legal|official|preferred|full|\d)$/;

/** Suffixes naming the script or transliteration a field is written in, not what it holds. */
const SCRIPT_VARIANT = /(?:kana|kanji|furigana|hiragana|katakana|yomi|romaji|romanized|romanised|roman|rom|latin|latn|native|translit|transliterated|ascii|phonetic|english|thai|arabic|hebrew|chinese|japanese|korean|cyrillic|greek|hindi|devanagari|hangul|hanzi|local|localised|localized|באנגלית|בעברית|בלועזית|لاتيني|بالانجليزية|بالعربية|ภาษาอังกฤษ|ภาษาไทย)$/;

/** A key that is only the name of a script or transliteration (`Kanji`, `Kana`, `Latin`, `Native`). */
const SCRIPT_WORD = new RegExp(`^${SCRIPT_VARIANT.source.slice(0, -1)}$`);

/** `personnamenative` → `personname`: the key without a script suffix (the key itself when it has none). */
function withoutScriptVariant(k: string): string {
  const m = SCRIPT_VARIANT.exec(k);
  return m && m.index >= 2 ? k.slice(0, m.index) : k;
}

export function hintForFieldName(name: string): HintCategory | undefined {
  return hintInContext(name, ObjectKind.None);
}

/**
 * The category of a field named `name` inside an object of kind `parent` (see `objectKind`).
 * Pure and cheap enough to run once per field site; callers cache per path.
 */
/** Keys of tokens that authenticate a caller to a service or a party (measured: `*Token` in general also names vault, cart and checkout tokens, which are ids). */
const SECRET_TOKEN_KEY = /(?:gateway|partner|service|client|integration|webhook|oauth|sso|master|admin|signing|app|api|access|auth|bot|session|bearer|jwt|secret|merchant|platform|tenant|system|upload|deploy|registry|github|gitlab|slack|npm|pypi)token$/;

/** The word for 'name' at the end of a compound key in Dutch, Scandinavian, Finnish, Polish, Romanian, Czech. */
const LOCAL_NAME_SUFFIX = /(?:naam|navn|namn|nimi|nazwisko|nume|jmeno|jméno)$/;

/** Latin letters without their diacritics (`patiënt` → `patient`), for matching role words. */
function foldLatin(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

export function hintInContext(name: string, parent: ObjectKind): HintCategory | undefined {
  const flat = flattenedKey(name);
  if (flat) {
    // the key's own prefix says more than the object holding it (`claim.fields["asegurado.nombre"]`: the insured's name)
    const own = objectKind(flat[0], []);
    const h = hintInContext(flat[1], own !== ObjectKind.None ? own : parent);
    if (h) return h;
  }
  const n = normalizeFieldName(name);
  if (n.length === 0 || NOT_HINTS.has(n)) return undefined;
  // the word for 'name' in another language names a thing's title inside a thing (`articulo.nombre`)
  if (parent === ObjectKind.Thing && AMBIGUOUS_NAME_WORDS.has(n)) return undefined;
  // a thing's own name (`merchant.legalName`, `lab.fullName`) names the thing, not a person
  if (parent === ObjectKind.Thing && ENTITY_NAME_KEYS.has(n)) return undefined;
  const exact = EXACT.get(n);
  if (exact) return exact;
  // a list of them (`tokens`, `passwords`, `secrets`, `apiKeys`): what one of them is
  // (not `tokens`: as often a count of an LLM's tokens as a list of them)
  const single = n.length > 4 && n.charCodeAt(n.length - 1) === 115 && n.charCodeAt(n.length - 2) !== 115 && n !== 'tokens' ? n.slice(0, -1) : undefined;
  if (single !== undefined) {
    // (not a whole-record category: a list of vCards is read by the vCard rule, which keeps the organisation and city)
    const one = EXACT.get(single);
    if (one && one !== 'personal') return one;
  }
  // a numbered copy of a field (`tel2`, `phone_1`, `email2`): what the field itself holds
  const numbered = NUMBERED_KEY.exec(n);
  if (numbered) {
    const h = EXACT.get(numbered[1]);
    if (h) return h;
  }
  // the same field in another calendar or script, by its name (`dobHijri`, `birthDateJalali`, `nameAmharic`, `address_native`)
  const written = WRITTEN_IN_SUFFIX.exec(n);
  if (written) {
    const h = hintInContext(written[1], parent);
    if (h) return h;
  }
  for (const [suffix, cat] of SUFFIXES) if (n.endsWith(suffix) || (single !== undefined && single.endsWith(suffix))) return cat;
  // a token named by the service or party it authenticates (`gatewayToken`, `partnerToken`, `webhookToken`): a secret —
  // not a vault, cart or checkout token (a stand-in for a card, an id) nor a paging or request token
  if (SECRET_TOKEN_KEY.test(n)) return 'credential';
  if (isPostalAddressKey(n)) return 'postal_address';
  // `adresaOdberu`, `adresseLivraison`, `direccionEntrega`, `indirizzoSpedizione` — not `adresseEmail`, `direccionIp`
  if (/^(?:adres|adresa|adresse|direccion|dirección|indirizzo|endereco|endereço)(?!.*(?:e?mail|ip|mac|url|web|http|wallet))/.test(n) && n.length > 6) return 'postal_address';
  if (hasNameWord(name)) return 'person_name';
  if (hasAddressLineWords(name)) return 'postal_address';
  // `aadhaar_full`, `aadhaarNo`, `aadharNumberVerified`… — but not the masked copy, its last digits or a status
  if (AADHAAR_KEY.test(n)) return 'government_id';
  // `birthDt`, `date_birth`, `birth_date_iso`: a date of birth, not a place or a country of birth
  if (n.includes('birth') && !NOT_BIRTH_DATE.test(n)) return 'date_of_birth';
  // the same in other languages, inside longer keys ('Luogo e data di nascita', `fechaDeNacimientoTitular`)
  if (BIRTH_DATE_STEM.test(n)) return 'date_of_birth';
  // abbreviated 'date of birth' (`fnac`, `f_nac`, `fecNac`, `dtNasc`, `dateNaiss`, `ddn`, `gebDat`)
  if (BIRTH_DATE_ABBREVIATION.test(n)) return 'date_of_birth';
  // `msisdnNational`, `msisdnE164`, `calling_msisdn`, `customerMsisdn`: an MSISDN is a phone number wherever the word stands
  // … but not the id of a number resource (`phone_number_sid`, `phoneNumberId`: an identifier the provider made)
  if ((n.includes('msisdn') || n.startsWith('phonenumber') || n.startsWith('mobilenumber')) && !/(?:sid|id|uuid|ref|hash|count|type|format|status)$/.test(n)) return 'phone';
  // the parties of a call in call detail records (`calling_number`, `called_number`, `a_party`, `b_number`)
  if (CALL_PARTY_KEY.test(n)) return 'phone';
  // `<role>name` (ownerName, recipientName, emergencyContactName) — not hostName, productName
  if (n.endsWith('name') && n.length > 4 && isPersonRole(n.slice(0, -4))) return 'person_name';
  // … and with the word for 'name' of another language (`patiëntNaam`, `klantnaam`, `kundnamn`, `nombreCliente` is a name word already)
  const localName = LOCAL_NAME_SUFFIX.exec(n);
  if (localName && localName.index > 2 && isPersonRole(foldLatin(n.slice(0, localName.index)))) return 'person_name';
  if (n.endsWith('names') && n.length > 5 && isPersonRole(n.slice(0, -5))) return 'person_name';
  // `<role><name part>` (`GUEST_LAST`, `pax_first`, `driverSurname`)
  const part = NAME_PART_SUFFIX.exec(n);
  if (part && part.index > 1 && isPersonRole(n.slice(0, part.index))) return 'person_name';
  // abbreviated words (`CUST_LAST_NM`, `dbtr_nm`, `ph_no`): the expanded key, once
  const expanded = expandedKey(name);
  if (expanded !== undefined && expanded !== n) {
    const h = hintInContext(expanded, parent);
    if (h) return h;
  }
  // the same field in another language, by its code after a camel-case or '_' boundary (`addressHi`, `address_ar`, `streetTh`)
  const coded = LANGUAGE_CODE_SUFFIX.exec(name);
  if (coded) {
    const h = hintInContext(coded[1], parent);
    if (h) return h;
  }
  // the same field in another script or transliteration (`nm_kana`, `GivenNameRomanized`, `name_latin`)
  const variant = SCRIPT_VARIANT.exec(n);
  if (variant && variant.index >= 2) {
    const h = hintInContext(n.slice(0, variant.index), parent);
    if (h) return h;
  }
  // a name part with a qualifier after it (`f1a_first_name_mi`: first name and middle initial; `surname_2`, `givenNameLegal`)
  if (QUALIFIED_NAME_PART.test(n)) return 'person_name';
  switch (parent) {
    case ObjectKind.Person:
      // `name`/`displayName`/`display` of a person: decided per value (personNameUnlessOrganisation)
      if (n === 'name' || n === 'names' || n === 'displayname' || n === 'display') return undefined;
      // a person's document number (`extracted: {surname, dateOfBirth, documentNumber}`): their passport's or ID card's
      if (PERSON_DOCUMENT_KEYS.has(n)) return 'government_id';
      return NAME_PARTS.has(n) && n !== 'text' ? 'person_name' : undefined;
    case ObjectKind.PersonName:
      // the whole-name fields (`text`, `name`, `display`) are decided per value (isPersonNameField)
      return NAME_PARTS.has(n) && n !== 'text' && n !== 'display' ? 'person_name' : undefined;
    case ObjectKind.Address:
      if (ADDRESS_PARTS.has(n) || n.startsWith('line') || n.endsWith('line') || n.startsWith('street') || n.startsWith('addressline')) return 'postal_address';
      return undefined;
    case ObjectKind.ContactPoint:
      return undefined; // `value` is decided by its content (see contactPointValue)
    case ObjectKind.IdentityDocument:
      return DOCUMENT_NUMBER_KEYS.has(n) ? 'government_id' : undefined;
    default:
      return undefined;
  }
}

/**
 * `name`, `displayName` or `display` of a person: a person's name whatever its shape (one word,
 * lower case), unless it names an organisation (`creditor.name: "Café Lumière SARL"`).
 */
/** `nm` / `nme` (ISO 20022 `Nm`, enterprise schemas) and `name1` / `name2` are `name`. */
function shortName(n: string): string {
  // `name1`, `name2`: the lines of a name (SAP NAME1/NAME2 beside NAMEV, the first name)
  return n === 'nm' || n === 'nme' || n === 'name1' || n === 'name2' ? 'name' : n;
}

export function isPersonNameField(name: string, parent: ObjectKind): boolean {
  // a flattened path as one key (`shipping[name]`, `payment_method_data[billing_details][name]`): its last segment in the object the one before names
  const flat = parent === ObjectKind.None ? flattenedKey(name) : undefined;
  if (flat) return isPersonNameField(flat[1], objectKind(flat[0], []));
  const n = shortName(normalizeFieldName(name));
  // … and a name in several scripts keyed by language (`name: { ar: "…", en: "…" }`)
  // … or by script (`PersonNameNative: { Kanji: "…", Kana: "…" }`)
  if (parent === ObjectKind.PersonName) return n === 'name' || n === 'text' || n === 'display' || n === 'value' || n === 'displayname' || n === 'formatted' || n === 'full' || LANGUAGE_KEY.test(name) || SCRIPT_WORD.test(n);
  if (parent !== ObjectKind.Person) return false;
  // the word for 'name' in other languages, in a person (`pelanggan.nama`, `cliente.nombre`)
  return n === 'name' || n === 'names' || n === 'displayname' || n === 'display' || PERSON_NAME_WORDS.has(n);
}

/** The word for 'name' in other languages: in a person it is the person's (`pelanggan.nama`, `cliente.nombre`, `kund.namn`). */
const PERSON_NAME_WORDS: ReadonlySet<string> = new Set(['ism', 'ismi', 'nama', 'nombre', 'nombres', 'nome', 'nom', 'naam', 'isim', 'imya', 'onoma', 'όνομα', 'ονομα', 'tên', 'jmeno', 'jméno', 'namn', 'navn', 'nimi', 'nafn', 'nev', 'név', 'nume', 'ime', 'imie', 'imię', 'ad', 'adi', 'adı', 'jina']);

/** A contact point's `value` (or `number`): phone when it holds 6+ digits and no '@', else left to the detectors. */
export function isContactPointValue(name: string, parent: ObjectKind): boolean {
  if (parent !== ObjectKind.ContactPoint) return false;
  return CONTACT_NUMBER_KEYS.has(normalizeFieldName(name));
}

/** The keys of a contact point, or of a phone object, that hold the number itself (or its subscriber part). */
const CONTACT_NUMBER_KEYS: ReadonlySet<string> = new Set([
  'value', 'number', 'subscriber', 'subscribernumber', 'national', 'nationalnumber', 'nationalformat', 'local', 'localnumber',
  'international', 'internationalnumber', 'internationalformat', 'e164', 'full', 'fullnumber', 'formatted', 'msisdn', 'digits', 'raw',
  'phonenumber', 'numero', 'número', 'nummer', 'numer', 'nr', 'no', 'linenumber', 'significantnumber',
]);

/** Generic words for 'number': inside a person they hold the number to call (`contact.number`). */
const NUMBER_WORDS: ReadonlySet<string> = new Set(['number', 'nummer', 'numero', 'número', 'numer', 'no', 'nr']);

/**
 * `number` of a person or a contact (`contact: { kind: 'landline', number: '…' }`): a bare number
 * there is a phone number when it validates as one in the policy's regions, as for delivery
 * targets; member or account numbers that do not validate stay.
 */
export function isPersonNumberField(name: string, parent: ObjectKind): boolean {
  return parent === ObjectKind.Person && NUMBER_WORDS.has(normalizeFieldName(name));
}

/**
 * Keys naming where a one-time code or a message was sent (`mfa.destination`, `sentTo`,
 * `deliveredTo`): a bare number there is one that was dialled, so it is a phone number when it
 * validates as one in the policy's regions (no context word needed, unlike free text).
 */
const DELIVERY_KEYS: ReadonlySet<string> = new Set(['destination', 'sentto', 'deliveredto', 'senttonumber', 'otpdestination', 'otptarget', 'smsto', 'smsdestination', 'verificationtarget', 'verificationdestination', 'challengedestination']);

/** Keys of a way to reach someone (`contact`, `contactNo`, `kontakt`): when the value is only a number, it is a phone number. */
const CONTACT_NUMBER_FIELDS: ReadonlySet<string> = new Set([
  'contact', 'contactno', 'contactnumber', 'contactnr', 'contactnum', 'emergencycontact', 'emergencycontactnumber', 'kontakt', 'kontaktnummer',
  'kontaktnr', 'kontak', 'kontakhp', 'contacto', 'contato', 'contatto', 'numerocontacto', 'numerodecontato', 'recapito', 'reach', 'reachat', 'callback',
]);
export function isContactNumberField(name: string): boolean {
  return CONTACT_NUMBER_FIELDS.has(normalizeFieldName(name));
}

/** Keys naming who sent or received a message (`from`, `to`, `sender`, `recipient`), wherever they stand. */
const MESSAGE_PARTY_KEYS: ReadonlySet<string> = new Set(['from', 'to', 'sender', 'recipient', 'receiver', 'originator', 'author', 'senderid', 'recipientid', 'fromnumber', 'tonumber', 'fromaddress', 'toaddress']);
export function isMessagePartyField(name: string): boolean {
  return MESSAGE_PARTY_KEYS.has(normalizeFieldName(name));
}

export function isDeliveryTargetField(name: string): boolean {
  return DELIVERY_KEYS.has(normalizeFieldName(name));
}

/** Objects that are one message or call over a phone channel (`sms: { to: … }`), or a request to port numbers to another carrier. */
const CHANNEL_OBJECTS: ReadonlySet<string> = new Set(['sms', 'mms', 'otp', 'mfa', 'whatsapp', 'call', 'voicecall', 'voice', 'ussd', 'textmessage', 'smsmessage', 'sendsms', 'smsrequest', 'verification', 'twofactor', 'callback', 'ivr', 'messages', 'texts', 'smses', 'notifications', 'outbound', 'outboundmessages', 'sends', 'portrequest', 'portin', 'portout', 'porting', 'numberport', 'numberporting', 'portingrequest', 'lnp']);
const CHANNEL_RECIPIENT_KEYS: ReadonlySet<string> = new Set(['from', 'sender', 'caller', 'waid', 'to', 'recipient', 'recipients', 'number', 'msisdn', 'destination', 'dest', 'dst', 'target', 'callee', 'calledparty', 'dialled', 'dialed', 'numbers', 'tn', 'tns', 'telephonenumbers', 'phonenumbers']);

/**
 * The recipient of a message or call over a phone channel, by its path (`sms.to`,
 * `whatsapp.recipient`, `ivr.callee`): a bare number there was dialled, as in a delivery target.
 */
export function isChannelRecipientPath(path: string): boolean {
  const end = path.lastIndexOf('.');
  if (end <= 0) return false;
  const start = path.lastIndexOf('.', end - 1) + 1;
  const parent = normalizeFieldName(path.slice(start, end).replace(/\[\]$/, ''));
  return CHANNEL_OBJECTS.has(parent) && CHANNEL_RECIPIENT_KEYS.has(normalizeFieldName(path.slice(end + 1).replace(/\[\]$/, '')));
}

/** Person actions: `createdBy`, `approvedBy` hold who did it. */
const BY_ACTIONS = /(created|updated|modified|approved|signed|posted|submitted|issued|reviewed|assigned|reported|performed|verified|deleted|owned|entered|authored|prepared|requested|sent|received|witnessed|registered|referred|attended|handled|escalated|closed|opened|resolved|booked|cancelled|canceled)by$/;

/** PEOPLE_KEYS that hold people inside a thing too (`event.by`, `ticket.watchers`); `from`/`to` of a thing are often places or accounts. */
const THING_PEOPLE_KEYS: ReadonlySet<string> = new Set(['by', 'watchers', 'watcher', 'followers', 'follower', 'invitees', 'invitee', 'organizer', 'organiser', 'participants', 'attendees', 'mentions', 'signature', 'signedby', 'lead', 'authorstring']);

/** Keys holding people as plain strings or lists of strings (`from`, `cc`, `watchers`). */
const PEOPLE_KEYS: ReadonlySet<string> = new Set(['aliases', 'alias', 'aka', 'alsoknownas', 'formernames', 'othernames', 'nicknames', 'q', 'query', 'search', 'searchterm', 'searchquery', 'searchtext', 'term', 'keyword', 'keywords', 'by', 'from', 'to', 'cc', 'bcc', 'replyto', 'watchers', 'watcher', 'followers', 'follower', 'invitees', 'invitee', 'organizer', 'organiser', 'favorites', 'favourites', 'participants', 'attendees', 'mentions', 'signature', 'signedby', 'lead', 'authorstring']);

/**
 * Whether a string under `name` (in an object of kind `parent`) that is shaped like a person's
 * name (`looksLikePersonName`) should be taken as one: keys that hold people (`author`, `owner`,
 * `createdBy`, `recipients`, `cc`) and `…Name` keys that name no thing (`mrzName`,
 * `userDisplayName`, bare `name` outside a product). Values of other shapes (ids, e-mails,
 * `users/123`) still go through the detectors.
 */
export function nameShapedIsPerson(name: string, parent: ObjectKind): boolean {
  const flat = parent === ObjectKind.None ? flattenedKey(name) : undefined;
  if (flat) return nameShapedIsPerson(flat[1], objectKind(flat[0], []));
  const n = shortName(normalizeFieldName(name));
  if (n.length === 0 || NOT_HINTS.has(n)) return false;
  // Spanish, Portuguese, Italian and French put the noun first: `oficinaGestora` is the managing office,
  // `entidadEmisora` the issuing bank — a place or an organisation, whatever role word follows
  if (ROMANCE_PLACE_HEAD.test(n)) return false;
  // who did something to a thing is a person (`pod.signedBy`, `document.approvedBy`)
  if (BY_ACTIONS.test(n)) return true;
  // a thing's person (`vendor.contact`, `listing.owner`): the key names a role
  if (parent === ObjectKind.Thing) return (isPersonRole(n) && !n.endsWith('name')) || THING_PEOPLE_KEYS.has(n);
  if (PEOPLE_KEYS.has(n) || isPersonRole(n)) return true;
  // `people_home`, `persons_involved`, `peoplePresent`: a list of people, whatever the qualifier
  if ((n.startsWith('people') || n.startsWith('persons')) && !/(?:count|total|number|num|ids?|max|min|limit)$/.test(n)) return true;
  // the word for 'name' in another language, as bare `name`: outside a thing, a name-shaped value is a person's (`x.namn: "Anders"`)
  if (PERSON_NAME_WORDS.has(n)) return true;
  if (n.endsWith('name') || n.endsWith('names')) {
    const stem = n.slice(0, n.lastIndexOf('name'));
    return stem.length === 0 || !isThing(stem);
  }
  // `name_romanized`, `nameLatin`, `name_kana`: a name in another script
  if (/^name(?:romani[sz]ed|latin|native|local|kana|kanji|ascii|translit(?:erated)?|english|original|alt|alternate)$/.test(n)) return true;
  // … or in a script named in full (`nameAmharic`, `fullNameArabic`)
  const written = WRITTEN_IN_SUFFIX.exec(n);
  if (written && nameShapedIsPerson(written[1], parent)) return true;
  // … or in another language, by its code (`displayNameHe`, `fullName_ar`, `nameJa`): the same field
  const lang = NAME_LANGUAGE_SUFFIX.exec(n);
  // … and bare `name` with a language code (`nameHi`, `nameEn`) is as bare `name`
  if (lang) return lang.index === 0 || nameShapedIsPerson(n.slice(0, lang.index + 4), parent);
  return false;
}

/**
 * A key, then a language code (ISO 639-1, or the country for CJK) after '_', '-' or as a camel-case
 * word. Not `Id` (an identifier) nor `Vi` (Vietnamese keys end in `ví`, a wallet: `diaChiVi` is a
 * wallet address).
 */
const LANGUAGE_CODE_SUFFIX =
  /^(.{3,}?)(?:[_-](?:he|ar|ja|jp|zh|cn|tw|ko|kr|th|el|gr|ru|uk|en|fr|de|es|it|pt|nl|pl|tr|hi|fa|ur|bn|ta)|(?<=[a-z])(?:He|Ar|Ja|Jp|Zh|Cn|Tw|Ko|Kr|Th|El|Gr|Ru|Uk|En|Fr|De|Es|It|Pt|Nl|Pl|Tr|Hi|Fa|Ur|Bn|Ta))$/;

/** A key, then the calendar or the script its value is written in (normalised key: lower case, no separators). */
const WRITTEN_IN_SUFFIX =
  /^(.{3,}?)(?:hijri|jalali|shamsi|persian|gregorian|buddhist|lunar|nepali|amharic|arabic|hebrew|greek|cyrillic|cirilica|cirilicom|cyrilice|kyrillisch|latinica|latinicom|chinese|japanese|korean|hangul|hanja|hanzi|hiragana|katakana|devanagari|thai|hindi|bengali|tamil|urdu|farsi|native|local|latin|kana|kanji|romaji|romani[sz]ed|ascii|translit(?:erated)?)$/;

/** A name key followed by a language code (ISO 639-1, or the country for CJK): `displayNameHe`, `lastNameJa`, `nameZh`. */
const NAME_LANGUAGE_SUFFIX = /name(?:he|ar|ja|jp|zh|cn|tw|ko|kr|th|el|gr|ru|uk|en|fr|de|es|it|pt|nl|pl|tr|hi|vi|id|fa|ur|bn|ta|pa|te|ml|mr|gu|kn|ne|si|my|km|am|sw|ms|tl|ka|hy|sr|bg|ro|hu|cs|sk|sv|da|fi)$/;

// Facts about a key name, computed once per distinct name (objectKind runs per object on the
// untyped path, and suffix tests over the word lists are too slow to repeat per object).
const F_ADDRESS_KEY = 1;
const F_NAME_CONTAINER = 2;
const F_THING = 4;
const F_PERSON_ROLE = 8;
const F_ADDRESS_MARKER = 16;
const F_PERSON_MARKER = 32;
const F_NAME_PART = 64;
const F_THING_MARKER = 128;
const F_LINE_LIKE = 256;
const F_NUMBER_LIST = 512;
/** The key itself names a phone number (`mobilePhone`, `fax`, `telefono`): an object under it holds the number's parts. */
const F_PHONE_KEY = 1024;
/** A language tag as a key (`en`, `ar`, `pt-BR`): a name in several scripts. */
const LANGUAGE_KEY = /^[a-z]{2}(?:[-_][A-Za-z]{2})?$/;
/** Keys of lists of numbers to call (`phones` and `phoneNumbers` are hinted as phones already). */
const NUMBER_LIST_KEYS: ReadonlySet<string> = new Set(['phonenumbers', 'phones', 'phonelist', 'telephones', 'telephonenumbers', 'mobilenumbers', 'mobiles', 'contactphones', 'numbers', 'contactnumbers', 'telnumbers', 'callnumbers', 'dialnumbers', 'nummern', 'numeros', 'números']);
const NAME_PART_KEYS: ReadonlySet<string> = new Set([
  'given', 'family', 'first', 'last', 'givenname', 'familyname', 'firstname', 'lastname', 'surname', 'forename', 'fn', 'ln',
  'prenom', 'prénom', 'nom', 'vorname', 'nachname', 'apellido', 'apellidos', 'nombre', 'cognome', 'nome', 'voornaam', 'achternaam',
  'sobrenome', 'imie', 'imię', 'nazwisko', 'soyad', 'soyadi', 'efternamn', 'fornavn', 'etternavn', 'adi', 'adı', 'ad',
]);
const THING_MARKERS: ReadonlySet<string> = new Set(['sku', 'price', 'version', 'mimetype', 'contenttype', 'checksum', 'size', 'filename', 'quantity', 'mcc', 'hostname']);
const keyFacts = new Map<string, number>();

function factsOf(raw: string): number {
  let f = keyFacts.get(raw);
  if (f !== undefined) return f;
  const k = normalizeFieldName(raw);
  f = 0;
  if (isPostalAddressKey(k) || EXACT.get(k) === 'postal_address') f |= F_ADDRESS_KEY;
  if (NAME_CONTAINERS.has(k) || NAME_CONTAINERS.has(withoutScriptVariant(k))) f |= F_NAME_CONTAINER;
  if (k.length > 0 && isThing(k)) f |= F_THING;
  if (isPersonRole(k)) f |= F_PERSON_ROLE;
  if (ADDRESS_MARKERS.has(k)) f |= F_ADDRESS_MARKER;
  if (PERSON_MARKERS.has(k)) f |= F_PERSON_MARKER;
  if (NAME_PART_KEYS.has(k)) f |= F_NAME_PART;
  if (THING_MARKERS.has(k)) f |= F_THING_MARKER;
  if (k.startsWith('street') || k.startsWith('line') || k.startsWith('address')) f |= F_LINE_LIKE;
  if (NUMBER_LIST_KEYS.has(k)) f |= F_NUMBER_LIST;
  if (k.length > 0 && hintForFieldName(raw) === 'phone') f |= F_PHONE_KEY;
  if (keyFacts.size >= 4096) keyFacts.clear();
  keyFacts.set(raw, f);
  return f;
}

/**
 * What an object is, from the key that holds it (`patient`, `billingAddress`, `name`, `product`;
 * for array elements the array's key) and its own keys. `keys` are raw; `inside` is the kind of
 * the enclosing object (a `name` object inside a person is that person's name).
 */
/** Keys that hold a form's submitted values, and the inputs that say a person filled them in. */
const FORM_VALUE_KEYS: ReadonlySet<string> = new Set(['fields', 'formfields', 'values', 'answers', 'inputs', 'responses', 'formdata', 'submission']);
const FORM_INPUT_KEYS: ReadonlySet<string> = new Set(['message', 'comment', 'comments', 'email', 'phone', 'subject', 'enquiry', 'inquiry', 'question']);

/** Keys naming a user account: beside a `displayName` they make the object someone's account. */
const ACCOUNT_KEYS: ReadonlySet<string> = new Set(['user', 'username', 'userid', 'login', 'loginname', 'email', 'emailaddress', 'upn', 'userprincipalname', 'samaccountname', 'uid', 'accountid', 'subjectid', 'mail']);

/** Keys that only an animal's record has (FHIR Patient.animal was `species`/`breed`; pet insurance, vets, shelters). */
const ANIMAL_KEYS: ReadonlySet<string> = new Set(['species', 'breed', 'speciescode', 'breedcode', 'animalspecies', 'animaltype', 'pettype', 'microchip', 'microchipnumber', 'microchipid']);

/** Keys of identifiers (FHIR `identifier`), whose {system, value} entries are not contact points. */
const IDENTIFIER_KEYS: ReadonlySet<string> = new Set(['identifier', 'identifiers', 'ids', 'externalids', 'externalidentifiers', 'alternateids', 'otherids']);
/** Keys of the places a route or an order calls at, each for someone (`stops`, `deliveries`, `dropoff`). */
const STOP_KEYS: ReadonlySet<string> = new Set(['stop', 'stops', 'delivery', 'deliveries', 'dropoff', 'dropoffs', 'visit', 'visits', 'appointment', 'appointments', 'shipment', 'shipments', 'parcel', 'parcels', 'stopp', 'haltes', 'halte', 'entrega', 'entregas', 'livraison', 'livraisons', 'zustellung', 'lieferung']);
/** A birth date's usual keys. */
const BIRTH_KEYS: ReadonlySet<string> = new Set(['birthday', 'birthdate', 'dateofbirth', 'dob', 'bday']);
/** Keys beside a `host`'s name that only a person has. */
const HOST_PERSON_KEYS: ReadonlySet<string> = new Set(['phone', 'phonenumber', 'mobile', 'telephone', 'email', 'emailaddress', 'birthdate', 'dateofbirth', 'nationality']);
/** Keys naming an identity document itself (not `document`, which is as often an invoice). */
const ID_DOCUMENT_KEYS: ReadonlySet<string> = new Set([
  'identitydocument', 'identitydocuments', 'iddocument', 'iddocuments', 'identitydoc', 'identitydocs', 'traveldocument', 'traveldocuments', 'idcard', 'identitycard',
  'documentoidentidad', 'documentodeidentidad', 'documentoidentificacion', 'documentodeidentificacion', 'documentoidentificacao', 'documentodeidentificacao',
  'nationaliddata', 'nationalid', 'nationalids', 'governmentid', 'governmentids', 'personalidentitydocument', 'ausweisdokument', 'pieceidentite', 'piecedidentite',
]);

/** Keys of event and change records (a thing by the word 'event', but what they carry is someone's). */
const EVENT_CONTAINER = /(?:event|events|change|changes|activity|activities|entry|entries|update|updates|revision|revisions)$/;

export function objectKind(key: string, keys: readonly string[], inside: ObjectKind = ObjectKind.None, typeName?: string): ObjectKind {
  if (typeName) {
    // a declared type says it best: demo.v1.Patient, google.type.PostalAddress, '@type': 'Person', resourceType 'Practitioner'
    const t = normalizeFieldName(typeName.slice(typeName.lastIndexOf('.') + 1));
    if (t.endsWith('address')) return ObjectKind.Address;
    if (t === 'humanname' || t === 'personname') return ObjectKind.PersonName;
    if (isPersonRole(t) || t === 'relatedperson') return ObjectKind.Person;
    if (isThing(t)) return ObjectKind.Thing;
  }
  const own = factsOf(key);
  let address = 0;
  let person = 0;
  let nameParts = 0;
  let thing = 0;
  let lineLike = false;
  let system = false;
  let value = false;
  let displayName = false;
  let account = false;
  let phoneKey = false;
  let addressKey = false;
  let nameKey = false;
  for (const raw of keys) {
    const c = factsOf(raw);
    if (c & F_PHONE_KEY) phoneKey = true;
    if (c & F_ADDRESS_KEY) addressKey = true;
    if (raw === 'name' || AMBIGUOUS_NAME_WORDS.has(raw)) nameKey = true;
    if (c & F_ADDRESS_MARKER) address++;
    if (c & F_PERSON_MARKER) person++;
    if (c & F_NAME_PART) nameParts++;
    if (c & F_THING_MARKER) thing++;
    if (c & F_LINE_LIKE) lineLike = true;
    if (raw === 'system') system = true;
    else if (raw === 'value') value = true;
    else if (raw.length >= 4 && raw.length <= 20) {
      const k = normalizeFieldName(raw);
      if (k === 'displayname') displayName = true;
      else if (ACCOUNT_KEYS.has(k)) account = true;
    }
  }
  // an animal (`patient: {name: "Bella", species: "CANINE", breed: …}` of a veterinary clinic, a pet on a
  // policy): its name is no person's, whatever key holds it; the owner is another object
  if (keys.some((k) => ANIMAL_KEYS.has(normalizeFieldName(k)))) return ObjectKind.Thing;
  // … but a FHIR Identifier has {system, value} too (`identifier: [{ system: "urn:oid:…", value: "E9201436" }]`): an MRN is not a number to call
  if (system && value && keys.length <= 4 && !IDENTIFIER_KEYS.has(normalizeFieldName(key))) return ObjectKind.ContactPoint;
  // the entries of a list of numbers to call ('numbers: [{ label: "mobile", value: "…" }]')
  if (own & F_NUMBER_LIST && keys.length <= 4 && (value || keys.includes('number'))) return ObjectKind.ContactPoint;
  // a phone number split into parts ('mobilePhone: { countryCode: "+32", subscriber: "…" }')
  if (own & F_PHONE_KEY && keys.length <= 8 && !(own & F_THING)) return ObjectKind.ContactPoint;
  if (own & F_ADDRESS_KEY || address >= 2 || (address >= 1 && lineLike)) return ObjectKind.Address;
  if (DOCUMENT_CONTAINERS.has(normalizeFieldName(key)) && keys.some((k) => DOCUMENT_MARKERS.has(normalizeFieldName(k)))) return ObjectKind.IdentityDocument;
  // a container named for an identity document holds one whatever else it says (`idDocument: {type, number}`,
  // `documentoIdentidad: {tipo: "DNI", numero}`, `IdentityDoc: {IdentityDocID}`, Workday `National_ID_Data: [{ID, ID_Type}]`)
  if (ID_DOCUMENT_KEYS.has(normalizeFieldName(key)) && keys.some((k) => DOCUMENT_NUMBER_KEYS.has(normalizeFieldName(k)))) return ObjectKind.IdentityDocument;
  if (own & F_NAME_CONTAINER && (nameParts > 0 || inside === ObjectKind.Person || normalizeFieldName(key) !== 'name')) return ObjectKind.PersonName;
  // {first, last} alone is a name; with other personal attributes (birthDate, email) it is a person
  if (nameParts >= 2 && !(own & F_THING) && keys.length - nameParts <= 3 && person <= nameParts) return ObjectKind.PersonName;
  // a submitted form's values ({fields: {name, email, message}}), not a schema's field definitions ({name, type})
  if (own & F_THING && FORM_VALUE_KEYS.has(normalizeFieldName(key)) && keys.includes('name') && !keys.includes('type') && keys.some((k) => FORM_INPUT_KEYS.has(normalizeFieldName(k)))) return ObjectKind.Person;
  // an event or change record carrying a person's attributes (`auditLog.events[]: {displayName, birthDate, …}`) is about that person
  if (own & F_THING && person > 0 && thing === 0 && EVENT_CONTAINER.test(normalizeFieldName(key))) return ObjectKind.Person;
  // a user account beside its display name (`authEvent: {userId, username, displayName}`, a directory
  // entry): the display name of someone's login is that person's name
  if (displayName && account && thing === 0 && !(own & F_THING && !EVENT_CONTAINER.test(normalizeFieldName(key)))) return ObjectKind.Person;
  // a turn of a conversation with its speaker named (`transcript[]: {speaker: 'customer', name: …, text: …}`): the name is the speaker's
  if (thing === 0 && keys.includes('speaker') && keys.includes('name')) return ObjectKind.Person;
  // a contact card (`contacts: {"a@b.c": {displayName, phones, birthday, org}}`): a birth date beside its display name
  // makes it a person's, whatever company it names (an organisation has no birthday)
  if (displayName && keys.some((k) => BIRTH_KEYS.has(normalizeFieldName(k)))) return ObjectKind.Person;
  // a stop, a delivery or a visit with a name, an address and a phone (`stops[]: {naam, adres, tel}`) is addressed to a person
  // (only under such a key: a shop or an office has a name, an address and a phone too)
  if (nameKey && phoneKey && addressKey && thing === 0 && STOP_KEYS.has(normalizeFieldName(key))) return ObjectKind.Person;
  // a host with a phone number or an e-mail is a person (of a stay, a visit, a meeting), not a machine
  if (normalizeFieldName(key) === 'host' && keys.includes('name') && thing === 0 && keys.some((k) => HOST_PERSON_KEYS.has(normalizeFieldName(k)))) return ObjectKind.Person;
  if (own & F_THING) return ObjectKind.Thing;
  if (thing > 0) return ObjectKind.Thing;
  if (own & F_PERSON_ROLE || person > 0) return ObjectKind.Person;
  return ObjectKind.None;
}

/**
 * Fields whose dotted four-part values are versions, not addresses (`buildNumber: "10.2.3.4"`):
 * the IPv4 detector is off for them.
 */
export function isVersionLikeName(name: string): boolean {
  const n = normalizeFieldName(name);
  // `fw`, `fwVer`: firmware; 'version' and 'firmware' in German, French, Spanish, Russian, Korean, Japanese, Chinese
  // (and `アプリ版`, `版`: the Japanese for edition / version, at the end of a key)
  return /version|build|release|revision|firmware|versão|versione|versión|versie|wersja|sürüm|surum|прошивка|версия|펌웨어|버전|ファームウェア|バージョン|固件|版本/.test(n) || /^fw(?:ver|rev)?$/.test(n) || n.endsWith('版');
}

/**
 * Fields that hold a code or an article number (`hsCode`, `sku`, `gtin`, `ean`): dotted or grouped
 * digits there (`8471.30.0100`) are the code, never a phone number.
 */
export function isCodeLikeName(name: string): boolean {
  const n = normalizeFieldName(name);
  // an employer's or a company's registration number (`ein`, `vatNumber`, `duns`) is the organisation's, not a phone
  // a radio cell's id (`cellId: 830-62-17851-78`, MCC-MNC-LAC-CI) names a mast, not a subscriber
  // amounts, prices and customs tariff numbers (`gtip`, `taric`) are never numbers to call, nor are
  // freight documents' numbers (an air waybill `176-60856202`: airline prefix and serial; bills of lading, containers)
  return (/(?:code|sku|gtin|ean|upc|isbn|mpn|hscode|tariff|hts|gtip|taric|amount|price|total|balance|fee|quantity|qty|cellid|cgi|ecgi|ncgi|enodebid|gnbid|mccmnc|plmnid|bankgiro|plusgiro|rezeptid|prescriptionid|awb|mawb|hawb|airwaybill|waybill|waybillnumber|awbnumber|billoflading|bol|blnumber|containernumber|containerno|sealnumber|bookingnumber|pnr)$/.test(n) || /^(?:ein|fein|employerein|payerein|duns|dunsnumber|vatnumber|vatid|ustid|siren|siret|kvk|cnpj|orgnr|orgno|organisationsnummer|organisasjonsnummer|organizationnumber|organisationnumber|orgnummer|cvr|cvrnr|ytunnus|businessid|regon|krs|nip|abn|acn|gstin|uen|rut|ruc|cuit|nit|rfc|kbo|ico|ičo|dic|dič|oib|mersis|vkn)$/.test(n)) && !/(?:phone|dial|calling|tel|mobile|contact)/.test(n);
}

/** Fields holding content (a body, a note, a message), not a thing's title: free text keeps every name rule there. */
export function isContentLikeName(name: string): boolean {
  const n = normalizeFieldName(name);
  // `note_agenzia`, `notaInterna`, `commentaireClient`, `observacionesCliente`: content first, then whose
  return /(?:body|content|text|note|notes|comment|comments|message|messages|data|payload|raw|description|remark|remarks|instructions|details|summary|log|line|lines|row|rows|csvrow|csvrows|csvline|csvlines|record|records)$/.test(n) || /^(?:note|notes|nota|notas|notiz|commentaire|comment|observacion|observação|observacao|bemerkung|opmerking|uwagi|remark)/.test(n);
}

/** Keys that name the field a sibling value belongs to, in key/value lists (`{key, value}`, SAML `{Name, FriendlyName, AttributeValue}`, env `{name, value}`). */
const LABEL_KEYS: ReadonlySet<string> = new Set(['key', 'name', 'friendlyname', 'attribute', 'attributename', 'attr', 'field', 'fieldname', 'property', 'propertyname', 'label', 'param', 'parameter', 'claim', 'claimtype', 'type', 'path', 'fieldpath', 'jsonpath', 'pointer']);
/** Keys holding that value. */
const VALUE_KEYS: ReadonlySet<string> = new Set([
  'value', 'values', 'attributevalue', 'attributevalues', 'val', 'fieldvalue', 'propertyvalue', 'claimvalue', 'data', 'content',
  // change records and audit diffs (`{path: 'dateOfBirth', before: …, after: …}`, JSON Patch `{op, path, value}`)
  'before', 'after', 'old', 'new', 'oldvalue', 'newvalue', 'previous', 'previousvalue', 'current', 'currentvalue', 'from', 'to', 'original', 'updated',
]);
/** A label: a field name, or a claim URI / OID whose last segment is one (`http://…/claims/givenname`). */
const LABEL_TEXT = /^[A-Za-z_/$][A-Za-z0-9_ .:/#$-]{0,199}$/;

/**
 * LDAP / X.500 attributes as SAML and directory exports name them, by short name or OID
 * (RFC 4519, RFC 4524, inetOrgPerson): the field name each one means.
 */
const DIRECTORY_ATTRIBUTES: ReadonlyMap<string, string> = new Map([
  ['sn', 'surname'], ['2.5.4.4', 'surname'],
  ['cn', 'fullName'], ['commonname', 'fullName'], ['2.5.4.3', 'fullName'],
  ['displayname', 'fullName'], ['2.16.840.1.113730.3.1.241', 'fullName'],
  ['2.5.4.42', 'givenName'],
  ['2.5.4.20', 'telephoneNumber'], ['mobile', 'mobileNumber'], ['0.9.2342.19200300.100.1.41', 'mobileNumber'],
  ['mail', 'email'], ['0.9.2342.19200300.100.1.3', 'email'],
  ['2.5.4.9', 'streetAddress'], ['2.5.4.16', 'postalAddress'], ['homepostaladdress', 'postalAddress'],
]);

/** A label as a string, or the `ref` / `title` / `label` / `name` / `key` of a field described by an object (Typeform's `field: {id, ref, type}`). */
function labelText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  for (const k of ['ref', 'title', 'label', 'name', 'key']) if (typeof o[k] === 'string') return o[k] as string;
  return undefined;
}

/**
 * In a key/value list element (`{"key": "lastName", "value": "Øvrebø"}`), the value's own key
 * says nothing; the label does. Returns the value's key and the label whose field hint applies
 * (the first label with a hint: SAML's `Name` is an OID, its `FriendlyName` is `sn`), or
 * undefined when the object is not such a pair or no label is hinted.
 */
export function labelledValue(obj: Readonly<Record<string, unknown>>, keys: readonly string[]): { valueKeys: readonly string[]; label: string } | undefined {
  if (keys.length < 2 || keys.length > 6) return undefined;
  let valueKeys: string[] | undefined;
  for (const k of keys) if (VALUE_KEYS.has(normalizeFieldName(k))) (valueKeys ??= []).push(k);
  // google.rpc.BadRequest's FieldViolation (`{field: 'applicant.birthDate', description: "'19/01/1987' must be YYYY-MM-DD"}`):
  // the description quotes the field's value, so it is that field's as a whole
  if (valueKeys === undefined && keys.includes('field') && keys.includes('description')) valueKeys = keys.filter((k) => k === 'description' || k === 'localizedMessage');
  // a form answer typed by its own key (Typeform: `{type: 'date', field: {ref: 'child_dob'}, date: '2015-07-23'}`)
  const typed = obj.type;
  if (valueKeys === undefined && typeof typed === 'string' && typed !== 'type' && keys.includes(typed)) valueKeys = [typed];
  if (valueKeys === undefined) return undefined;
  for (const k of keys) {
    // `tabLabel`, `fieldLabel`, `displayLabel` (DocuSign tabs, form builders) label their value too
    if (valueKeys.includes(k) || !(LABEL_KEYS.has(normalizeFieldName(k)) || normalizeFieldName(k).endsWith('label'))) continue;
    const label = labelText(obj[k]);
    if (label === undefined || !LABEL_TEXT.test(label)) continue;
    // 'urn:oid:2.5.4.4' or 'http://…/claims/surname': the last segment is the name
    const last = label.slice(Math.max(label.lastIndexOf(':'), label.lastIndexOf('/'), label.lastIndexOf('#')) + 1);
    const known = DIRECTORY_ATTRIBUTES.get(last.toLowerCase()) ?? DIRECTORY_ATTRIBUTES.get(label.replace(/^urn:oid:/i, ''));
    if (known !== undefined) return { valueKeys, label: known };
    if (hintForFieldName(last) !== undefined) return { valueKeys, label: last };
    // a dotted path ('beneficiary.birthDate', 'address.line1'): its last segment, else the path as one key
    const dot = last.lastIndexOf('.');
    if (dot >= 0) {
      const tail = last.slice(dot + 1);
      if (hintForFieldName(tail) !== undefined) return { valueKeys, label: tail };
      if (hintForFieldName(last) !== undefined) return { valueKeys, label: last };
    }
    // a person's role (`{Key: 'Owner', Value: 'Arjun Venkataraman'}` in cloud resource tags): the value is their name
    const role = normalizeFieldName(last);
    if (role.length >= 4 && isPersonRole(role) && !role.endsWith('id') && !role.endsWith('email')) return { valueKeys, label: last };
    // the label 'name' itself (`{key: 'name', value: 'Nurul Aisyah binti Rahman'}`, message template
    // parameters): judged as a field called `name` is, by the value's shape
    if (role === 'name') return { valueKeys, label: last };
  }
  return undefined;
}

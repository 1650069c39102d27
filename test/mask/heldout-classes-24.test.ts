import { untypedMaskChecks } from '../helpers/untyped-mask-checks';

/**
 * Classes of the sixteenth session (issue 11: masking must hold on data it was never tuned on):
 * machine-readable zones of travel documents, and birth dates written in words, in other
 * calendars and in other scripts. Values are our own (the zones' check digits computed by ICAO
 * 9303's 7-3-1 rule); each test failed on 41036be.
 */
describe('held-out classes, sixteenth session: machine-readable zones, birth dates in words and other calendars', () => {
  const { mask, gone, kept } = untypedMaskChecks();

  // a passport (TD3), a card (TD1) and a TD2 document, written for these tests
  const TD3 = ['P<NZLHARGREAVES<<TAMSIN<JOY<<<<<<<<<<<<<<<<<', 'LM77304187NZL8802299F3006117<<<<<<<<<<<<<<02'];
  const TD3_PERSONAL = ['P<NLDVAN<DER<BERG<<PIETER<JAN<<<<<<<<<<<<<<<', 'NV4K812030NLD6205036M2701127998877665<<<<<70'];
  const TD1 = ['I<PRTC4417Z8250<<<<<<<<<<<<<<<', '9109076M2903183PRT<<<<<<<<<<<4', 'DA<SILVA<COELHO<<RUI<MANUEL<<<'];
  const TD2 = ['IDNGAOKONKWO<<CHIDINMA<ADA<<<<<<<<<<', 'QX00517361NGA7901140F2809300<<<<<<<8'];

  it("a passport's zone, its lines joined by a break, an escaped \\n, a blank or nothing: name, birth date, number", () => {
    for (const sep of ['\n', '\\n', ' ', '', '\r\n']) {
      const out = mask({ ocr: { text: `Scan result:\n${TD3.join(sep)}\nquality OK` } });
      gone(out, 'HARGREAVES', 'TAMSIN<JOY', '880229', 'LM7730418');
      kept(out, 'Scan result:', 'P<NZL', 'NZL', 'F300611', 'quality OK', '[REDACTED:date_of_birth]', '[REDACTED:person_name]');
    }
    // a personal number (a national identity number) in the optional data goes too
    gone(mask({ note: `mrz: ${TD3_PERSONAL.join('\n')}` }), 'VAN<DER<BERG<<PIETER<JAN', '620503', 'NV4K81203', '998877665');
  });

  it('an identity card (three lines of 30) and a TD2 document, in a record as a KYC service sends it', () => {
    const out = mask({ check: { id: 'kyc-5521', documentType: 'ID_CARD', mrzRaw: TD1.join('\n'), status: 'MATCHED' } });
    gone(out, 'DA<SILVA<COELHO<<RUI<MANUEL', '910907', 'C4417Z825');
    kept(out, 'kyc-5521', 'I<PRT', 'M290318', 'MATCHED');
    const td2 = mask({ log: `doc read ok | ${TD2.join(' ')} | 0.97` });
    gone(td2, 'OKONKWO<<CHIDINMA<ADA', '790114', 'QX0051736');
    kept(td2, 'doc read ok', 'IDNGA', '| 0.97');
  });

  it('an OCR misread that breaks only the composite digit still masks; a wrong field check digit, filler and code stay', () => {
    // composite 2 read as 7: the number, birth date and expiry still check
    gone(mask({ ocr: `${TD3[0]}\n${TD3[1].slice(0, 43)}7` }), 'HARGREAVES', '880229', 'LM7730418');
    // the birth date's check digit wrong (9 → 4): not a zone
    const wrong = `${TD3[0]}\n${TD3[1].slice(0, 19)}4${TD3[1].slice(20)}`;
    kept(mask({ ocr: wrong }), wrong.replace('\n', '\\n'));
    kept(mask({ log: 'ROUTE<<A12<<B7<<<<<<<<<<<<<<<<<<<< 1985031412 3104150 <<<<<<<<<<<<' }), 'ROUTE<<A12<<B7', '1985031412 3104150');
    kept(mask({ cpp: 'std::cout << value << std::endl; // 7408122 F 1204159 <<<<<<<<<<<<<<<<<<<<<<<<' }), 'std::cout << value << std::endl;');
  });

  it('birth dates in words and ordinals after a cue; dates in words without one stay', () => {
    gone(mask({ t: 'Caller confirmed she was born on the twenty-third of August nineteen seventy one.' }), 'twenty-third of August nineteen seventy one');
    gone(mask({ t: "dob second of may, two thousand and four, verified" }), 'second of may, two thousand and four');
    gone(mask({ t: "Applicant born November 9th, '77 in Cork" }), "November 9th, '77");
    gone(mask({ t: 'Date of birth: the thirtieth of June 1966' }), 'thirtieth of June 1966');
    gone(mask({ t: 'D.O.B. 4th Feb ’02, blood group O+' }), '4th Feb ’02');
    const out = mask({ t: 'Caller born on the eleventh of October 1982 asked to move her appointment to the fourteenth of March two thousand twenty six.' });
    gone(out, 'eleventh of October 1982');
    kept(out, 'Caller born on the', 'fourteenth of March two thousand twenty six', '[REDACTED:date_of_birth]');
    kept(mask({ t: 'Kickoff is on the first of June two thousand twenty five; invoices due March 3rd, 2026.' }), 'first of June two thousand twenty five', 'March 3rd, 2026');
  });

  it('Japanese era and Minguo dates, Chinese numerals, with their cues; era years without a cue stay', () => {
    gone(mask({ t: '氏名 山口花子 昭和58年11月2日生 女' }), '昭和58年11月2日');
    gone(mask({ t: '生年月日：平成元年7月19日（32歳）' }), '平成元年7月19日');
    gone(mask({ t: '本人は令和3年2月8日生まれです' }), '令和3年2月8日');
    gone(mask({ t: '生年月日 H4.10.27 性別 男' }), 'H4.10.27');
    gone(mask({ t: '出生日期：一九九二年十月二十七日' }), '一九九二年十月二十七日');
    gone(mask({ t: '民國80年6月5日生，台北市人' }), '民國80年6月5日');
    gone(mask({ t: '王小明，1993年4月21日出生于杭州' }), '1993年4月21日');
    const out = mask({ t: '本規程は令和6年4月1日から施行する。平成30年度の生産計画、2024年3月14日生産開始。' });
    kept(out, '令和6年4月1日', '平成30年度', '2024年3月14日');
  });

  it('Korean and Thai birth dates (the Buddhist era, Thai digits); an incident or an appointment date stays', () => {
    gone(mask({ t: '환자 생년월일: 1979년 11월 30일, 혈액형 A' }), '1979년 11월 30일');
    gone(mask({ t: '김민지 1996년 2월 7일생' }), '1996년 2월 7일');
    gone(mask({ t: 'ลูกค้าชื่อสมชาย เกิดวันที่ 9 กรกฎาคม 2531 ติดต่อกลับ' }), '9 กรกฎาคม 2531');
    gone(mask({ t: 'วันเกิด 22/12/2535 เพศ หญิง' }), '22/12/2535');
    gone(mask({ t: 'ผู้ป่วยเกิดวันที่ ๓ ส.ค. ๒๕๒๒' }), '๓ ส.ค. ๒๕๒๒');
    kept(mask({ t: 'เหตุเกิดวันที่ 14 มีนาคม 2567 เวลา 10:30 น. นัดหมายวันที่ 2 เมษายน 2567' }), '14 มีนาคม 2567', '2 เมษายน 2567');
  });

  it('Arabic and Persian birth dates in their digits and calendars (Hijri, solar Hijri); a visit date, Christmas and a generator stay', () => {
    gone(mask({ t: 'المريض يوسف، تاريخ الميلاد ١٧ سبتمبر ١٩٦٨، فصيلة الدم O' }), '١٧ سبتمبر ١٩٦٨');
    gone(mask({ t: 'ولدت في 4 تشرين الأول 1993 في حلب' }), '4 تشرين الأول 1993');
    gone(mask({ t: 'تاريخ الميلاد: ٢٢/٠٩/١٤١١ هـ' }), '٢٢/٠٩/١٤١١');
    gone(mask({ t: 'تاریخ تولد: ۱۳۷۱/۰۸/۱۹ محل صدور تهران' }), '۱۳۷۱/۰۸/۱۹');
    kept(mask({ t: 'موعد الزيارة ١٧ سبتمبر ٢٠٢٥، عيد الميلاد ٢٥ ديسمبر ٢٠٢٤، المولد رقم 12/03/2024' }), '١٧ سبتمبر ٢٠٢٥', '٢٥ ديسمبر ٢٠٢٤', '12/03/2024');
  });

  it('day words of the other languages the cues know, before a month and a year', () => {
    gone(mask({ t: 'La paciente, nacida el veintidós de octubre de 1979, llamó hoy' }), 'veintidós de octubre de 1979');
    gone(mask({ t: 'Kundin geboren am einundzwanzigsten Juli 1964 in Graz' }), 'einundzwanzigsten Juli 1964');
    gone(mask({ t: "née le vingt et un avril 1987 à Lyon" }), 'vingt et un avril 1987');
    kept(mask({ t: 'la cita es el catorce de marzo de 2026; Termin am einundzwanzigsten Juli 2026' }), 'catorce de marzo de 2026', 'einundzwanzigsten Juli 2026');
  });

  it("a travel document's printed birth date with its month in two languages, under the label's line", () => {
    const out = mask({ ocr: "Lieu de naissance / Place of birth: LYON\nDate de naissance / Date of birth\n07 JUIL/JUL 1983\nDate d'expiration / Date of expiry\n22 NOV/NOV 2033" });
    gone(out, '07 JUIL/JUL 1983');
    kept(out, 'Date of birth', '22 NOV/NOV 2033');
    gone(mask({ viz: 'Födelsedatum/Date of birth 19 OKT/OCT 1958' }), '19 OKT/OCT 1958');
  });
});

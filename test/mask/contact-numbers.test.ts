import { strict as assert } from 'node:assert';
import { createMasker, newMaskScope } from '../../interceptors/mask';

/** Phone numbers that only their container says are phone numbers; examples are our own. */
describe('phone numbers by container: phone objects split into parts, EDIFACT COM and PNR AP elements', () => {
  const masker = createMasker();
  const mask = (v: unknown): string => JSON.stringify(masker.maskUntyped(v, newMaskScope()));

  it('a phone object holding the number in parts: the number is masked, country and area codes and extensions stay', () => {
    const out = mask({
      mobilePhone: { countryCode: '+351', subscriber: '912345678' },
      telefono: { prefijo: '34', numero: '612 34 56 78' },
      contact: { fax: { national: '030 1234567', ext: '204' } },
      phones: [{ kind: 'home', number: '0161 496 0000' }],
      product: { phoneModel: 'Pixel 8', sku: 'PX8-128-BLK' },
    });
    for (const v of ['912345678', '612 34 56 78', '030 1234567', '0161 496 0000']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['+351', '"34"', '"204"', 'Pixel 8', 'PX8-128-BLK']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it('EDIFACT COM telephone, fax and mobile numbers (any country, 00 prefix); other qualifiers and segments stay', () => {
    const out = mask({ edi: "NAD+CZ+++Acme BV+Industrieweg 4+Delft++2628 XJ+NL'COM+0046701234567:TE'COM+(030) 555-0199:FX'COM+0612345678:AL'RFF+ON:4500012345'DTM+137:20250314:102'" });
    for (const v of ['0046701234567', '(030) 555-0199', '0612345678']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['4500012345', '20250314', 'Delft']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it('PNR AP elements with or without a city code and type letter; an AP element holding an address is not a phone', () => {
    const out = mask({ pnr: '  1.1KOWALSKA/ANNA MS\n  4 AP WAW 48601234567-M\n  5 APB 0221 987654\n  6 AP FRA 069 1234 5678-H\n  7 AP HOTEL ADLON 77 UNTER DEN LINDEN\n  8 TK OK14MAR/WAWLO2100' });
    for (const v of ['48601234567', '0221 987654', '069 1234 5678']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('AP HOTEL ADLON 77') && out.includes('TK OK14MAR/WAWLO2100'), out);
  });

  it("digits after '+' are a phone number, not a Luhn-valid card whose shown last digits run into the next value", () => {
    // 4915112345678 passes Luhn; masked as a card it showed '5678', and a card window reaching into
    // a following SSN showed that SSN's first digits (found by the whole-path property test)
    const out = mask({ note: 'call +49 151 12345678 349-01-0001 please', card: 'paid with +4111111111111111' });
    assert.ok(!out.includes('5678') && !out.includes('349-01-0001') && !out.includes('0001'), out);
    assert.ok(!out.includes('4111111111111111'), out);
  });
});

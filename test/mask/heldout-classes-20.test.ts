import { untypedMaskChecks } from '../helpers/untyped-mask-checks';

/**
 * Classes of the fifteenth session (2026-12-05), read from probe 31 after it was measured (0.43 %
 * leaked, 3.83 % false positives). Each test failed on the session's start. Values are our own,
 * not the probe's.
 */
describe('held-out classes, fifteenth session', () => {
  const { mask, gone, kept } = untypedMaskChecks();

  it('an Irish address whose Eircode ends the town or county part, without a comma before it', () => {
    gone(mask({ body: 'Regards,\nSorcha Ní Bhriain\n7 Cois Abhann, Castletroy, Co. Limerick V94 R2K7\nThanks' }), '7 Cois Abhann', 'Castletroy', 'V94 R2K7');
    // two rules each finding part of one address: masked whole (the street rule stopped before the Eircode's identifier)
    gone(mask({ note: 'Deliver to 14 Quay St, Galway 2 H91 X5E2 before noon.' }), 'H91', 'X5E2', '14 Quay St');
    // an Eircode in a sentence without an address before it is a postcode, as before
    kept(mask({ note: 'Routing key for the depot is D15 KX8P.' }), 'D15 KX8P');
  });

  it('places and organisations named by a compound key or a head-first Romance key are not people', () => {
    const out = mask({
      collection_point_name: 'Kowalski Paczkomat Centrum',
      dispenser: { name: 'Lloyds Pharmacy Deansgate' },
      garage: { name: 'Okafor Motors Ring Road' },
      sucursalOrigen: 'Sucursal Recoleta',
      oficinaEmisora: 'Oficina Castellana',
      cua_hang: 'Bún Chả Đông Đô',
    });
    kept(out, 'Kowalski Paczkomat Centrum', 'Lloyds Pharmacy Deansgate', 'Okafor Motors Ring Road', 'Sucursal Recoleta', 'Oficina Castellana', 'Bún Chả Đông Đô');
    // a person under such a place is still a person, and an installer is no workshop
    gone(mask({ garage: { contact: 'Emeka Okafor' }, installer: { name: 'Efua Mensah-Bonsu' } }), 'Emeka Okafor', 'Efua Mensah-Bonsu');
  });

  it('a shop or a service named after its street or its country is not a person', () => {
    const out = mask({ branch: { name: 'Greggs Deansgate Street' }, recipient: 'Vodafone DE', store: 'Halal Bros Kingsland Road', workshop: 'Mehta Auto Works' });
    kept(out, 'Greggs Deansgate Street', 'Vodafone DE', 'Halal Bros Kingsland Road', 'Mehta Auto Works');
    // people stay people: two words are not a shop, and a person's name ending in a street word is rare but masked under a person key
    gone(mask({ recipient: 'Tanvir Hossain', customer: { name: 'Nia Oxford' } }), 'Tanvir Hossain', 'Nia Oxford');
  });

  it("a known one-word name inside an organisation's name is the company's word; the full name still counts", () => {
    const out = mask({ receiver: { nome: 'Beatriz Casas Bahia Lopes' }, seller: { razaoSocial: 'Casas Bahia S.A.' } });
    kept(out, 'Casas Bahia S.A.');
    gone(mask({ customer: { name: 'Oluwadamilare Bello' }, employer: 'Oluwadamilare Bello Consulting Ltd' }), 'Oluwadamilare Bello Consulting');
    gone(mask({ customer: { name: 'Marisol Quevedo' }, note: 'Marisol called the bank twice' }), 'Marisol called');
  });
});

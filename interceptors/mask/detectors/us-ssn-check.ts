/**
 * SSA numbering rules: area 001–899 except 666, group 01–99, serial 0001–9999. Numbers outside
 * them were never issued, so they are not masked as SSNs.
 */
export function ssnValid(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a >= 1 && a <= 899 && a !== 666 && group !== '00' && serial !== '0000';
}

/**
 * IRS rules for an ITIN (individual taxpayer identification number, written like an SSN): area
 * 900–999, group 50–65, 70–88, 90–92 or 94–99. Only ever issued to individuals.
 */
export function itinValid(area: string, group: string): boolean {
  const a = Number(area);
  const g = Number(group);
  return a >= 900 && a <= 999 && ((g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || (g >= 94 && g <= 99));
}

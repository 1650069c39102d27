/**
 * SSA numbering rules: area 001–899 except 666, group 01–99, serial 0001–9999. Numbers outside
 * them were never issued, so they are not masked as SSNs.
 */
export function ssnValid(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a >= 1 && a <= 899 && a !== 666 && group !== '00' && serial !== '0000';
}

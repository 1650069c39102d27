import { mergedRegions } from './record-regions';

/**
 * Countries a writing system used in a text points to, for its phone numbers: a number written in
 * national format (`09075892916`, `010-1234-5678`, `050-123-4567`) inside Japanese, Korean,
 * Hebrew, Thai or Greek text is far more likely that country's than one of the policy's default
 * regions. Only scripts used by essentially one country's numbering plan are listed: Han alone
 * (Chinese) adds CN, but with kana it is Japanese; Arabic and Cyrillic span many countries and
 * add none. The numbers must still validate against that country's plan (libphonenumber).
 */
const SCRIPTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\u3040-\u30ff]/, 'JP'],
  [/[\uac00-\ud7af\u1100-\u11ff]/, 'KR'],
  [/[\u05d0-\u05ea]/, 'IL'],
  [/[\u0e01-\u0e5b]/, 'TH'],
  [/[\u0391-\u03c9]/, 'GR'],
];
const HAN = /[\u4e00-\u9fff]/;
const KANA = 0;

/** `regions` with the countries of the scripts `text` is written in (the same array when none; a shared one otherwise). */
export function withScriptRegions(text: string, regions: readonly string[]): readonly string[] {
  let extra: string[] | undefined;
  for (let k = 0; k < SCRIPTS.length; k++) {
    const [script, region] = SCRIPTS[k];
    if (!regions.includes(region) && script.test(text)) (extra ??= []).push(region);
  }
  // Han without kana: Chinese (with kana, the Han characters are Japanese kanji)
  if (!regions.includes('CN') && !(extra !== undefined && extra.includes(SCRIPTS[KANA][1])) && !regions.includes('JP') && HAN.test(text)) (extra ??= []).push('CN');
  return extra === undefined ? regions : mergedRegions(regions, extra);
}

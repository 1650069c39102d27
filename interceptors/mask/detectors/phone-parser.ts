import type { CountryCode, PhoneNumber } from 'libphonenumber-js';

export type Parse = (text: string, region?: CountryCode) => PhoneNumber | undefined;
let parse: Parse | undefined;

/** libphonenumber-js with full metadata (number-type patterns, not only lengths), loaded on first use. */
export function phoneParser(): Parse {
  if (!parse) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require('libphonenumber-js/max') as { parsePhoneNumberFromString: Parse };
    parse = lib.parsePhoneNumberFromString;
  }
  return parse;
}

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { leafJson, utf8Length } from '../../interceptors/decode/scalars';

/**
 * The render walk's two string shortcuts must agree with the slow, obviously right forms on any
 * string: leafJson (an anchored escape gate, then plain quoting) with JSON.stringify, and
 * utf8Length (counted in JS for short strings) with Buffer.byteLength — lone surrogates,
 * surrogate pairs, control characters, quotes and backslashes included, on both sides of the
 * length thresholds.
 */
const units = fc.constantFrom('a', 'Z', ' ', '"', '\\', '\n', '\u0000', '\u001f', '\u007f', 'é', 'ÿ', '€', '\ud83d', '\ude00', '😀', '\u2028', '海');
const strings = fc.oneof(
  fc.string({ unit: units, maxLength: 90 }),
  fc.string({ unit: 'binary', maxLength: 90 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  // long plain text with one odd character somewhere
  fc.tuple(fc.string({ unit: fc.constantFrom('a', 'b', ' '), minLength: 25, maxLength: 200 }), units, fc.nat(200)).map(([s, u, i]) => s.slice(0, i) + u + s.slice(i)),
);

describe('decode/scalars: string shortcuts agree with the reference forms', () => {
  it('leafJson(string) equals JSON.stringify for any string', () => {
    fc.assert(
      fc.property(strings, (s) => {
        assert.equal(leafJson(s), JSON.stringify(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('utf8Length equals Buffer.byteLength for any string', () => {
    fc.assert(
      fc.property(strings, (s) => {
        assert.equal(utf8Length(s), Buffer.byteLength(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('leafJson of numbers and booleans is their proto3 JSON', () => {
    assert.equal(leafJson(1.5), '1.5');
    assert.equal(leafJson(NaN), '"NaN"');
    assert.equal(leafJson(-Infinity), '"-Infinity"');
    assert.equal(leafJson(true), 'true');
    assert.equal(leafJson(false), 'false');
  });
});

import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { canonicalJson, canonicalJsonPiecewise } from '../../collector/ingest/canonical-json';

describe('collector: canonical JSON', () => {
  it('the fast rendering equals the piecewise reference for arbitrary JSON, integer-like keys included', () => {
    const key = fc.oneof(fc.string({ unit: 'binary' }), fc.nat().map(String), fc.constantFrom('0', '01', '4294967294', '4294967295', '-1', '1e3'));
    const json = fc.letrec<{ v: unknown }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.string({ unit: 'binary' }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(key, tie('v'), { maxKeys: 5 }),
      ),
    })).v;
    fc.assert(fc.property(json, (v) => assert.equal(canonicalJson(v), canonicalJsonPiecewise(v))), { numRuns: 500, seed: 7 });
  });

  it('sorts keys by UTF-16 code units, integer-like or not, and skips undefined members', () => {
    assert.equal(canonicalJson({ b: 1, a: [1, { d: undefined, c: 'x' }], '10': 0, '9': 0, é: 1, Z: 2 }), '{"10":0,"9":0,"Z":2,"a":[1,{"c":"x"}],"b":1,"é":1}');
    assert.throws(() => canonicalJson({ x: Infinity }), /non-finite/);
  });
});

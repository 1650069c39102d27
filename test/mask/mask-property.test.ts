import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { leaked } from '../../bench/pii-score';
import { createMasker, newMaskScope } from '../../interceptors/mask';
import { anyPlanted, filler, phone, type Planted } from './pii-generators';

/** Every string (keys too) in a JSON value. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (typeof v === 'number') out.push(String(v));
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(k, ...strings(x, []));
  return out;
}

const neutralKey = fc.constantFrom('a', 'data', 'items', 'note', 'value', 'meta', 'detail', 'x1', 'payload', 'text');

/** A planted value placed in a random spot: a whole field, inside a sentence, in a list or as map key. */
const placement = fc.tuple(anyPlanted, fc.constantFrom('whole', 'sentence', 'list', 'mapKey'), filler, filler, neutralKey);

/** Random nested JSON of neutral content with the placements spliced in at random depths. */
const message = fc
  .tuple(
    fc.array(placement, { minLength: 1, maxLength: 6 }),
    fc.array(fc.tuple(neutralKey, fc.oneof(fc.integer(), fc.boolean(), fc.constantFrom('ok', 'retry', 'v2.14.1', '2025-03-14T09:26:53Z'))), { maxLength: 4 }),
    fc.array(fc.nat(3), { minLength: 6, maxLength: 6 }),
  )
  .map(([places, noise, depths]) => {
    const root: Record<string, unknown> = Object.fromEntries(noise);
    const planted: Planted[] = [];
    places.forEach(([p, how, before, after, key], i) => {
      let target = root;
      for (let d = 0; d < depths[i]; d++) {
        const k = `level${d}`;
        target = (target[k] ??= {}) as Record<string, unknown>;
      }
      const text = (p as { prefix?: string }).prefix ? `${(p as { prefix?: string }).prefix}${p.value}` : p.value;
      const k = `${p.key ?? key}${p.key ? '' : i}`;
      if (p.key) {
        if (p.key in target) return; // one value per field name and level
        target[p.key] = p.value; // names, dates of birth, addresses: recognisable by field only
      }
      else if (how === 'whole') target[k] = text;
      else if (how === 'sentence') target[k] = `${before} ${text} ${after}`;
      else if (how === 'list') target[k] = ['n/a', `${before} ${text}`, 42];
      else target[k] = { [text]: { seen: true } };
      planted.push(p);
    });
    return { msg: root, planted };
  });

describe('masking properties (fast-check)', function () {
  this.timeout(120_000);
  const masker = createMasker();

  it('no planted value of any category, nor its digits-only / URL-decoded / JWT-payload form, survives maskUntyped', () => {
    fc.assert(
      fc.property(message, ({ msg, planted }) => {
        const scope = newMaskScope();
        const out = masker.maskUntyped(msg, scope);
        const texts = strings(out);
        for (const p of planted) {
          assert.ok(!leaked(p, texts), `${p.category} ${JSON.stringify(p.value)} leaked in ${JSON.stringify(out)}`);
        }
        assert.ok(scope.count >= planted.length, 'every planted value is counted');
      }),
      { numRuns: 300 },
    );
  });

  it('a valid phone number right after an order, invoice or ticket word (issue 11 look-alike rule) is still masked', () => {
    const word = fc.constantFrom('order ', 'Order no. ', 'see ticket ', 'ticket: ', 'invoice #', 'ref ', 'Bestellung ', 'commande n° ');
    fc.assert(
      fc.property(word, phone, (w, p) => {
        const out = masker.scanText(`${w}${p.value} ok`, newMaskScope());
        assert.ok(!leaked(p, [out]), `${JSON.stringify(p.value)} leaked in ${JSON.stringify(out)}`);
      }),
      { numRuns: 500 },
    );
  });

  it('masking is idempotent on its own output and never grows a masked marker into data', () => {
    fc.assert(
      fc.property(message, ({ msg }) => {
        const once = masker.maskUntyped(msg, newMaskScope());
        const scope = newMaskScope();
        const twice = masker.maskUntyped(once, scope);
        assert.deepEqual(twice, once);
      }),
      { numRuns: 150 },
    );
  });
});

/**
 * Micro-benchmark of the consent guard's per-call cost (interceptors/consent/consent-guard.ts):
 * `check()` on the kitchen-sink Echo request (subject id in customer.customer_id) against a state
 * holding N withdrawn subjects — read the field, pseudonymise it (memoised HMAC), two Map reads.
 * No network and no round trip: this is the whole cost a guarded call pays.
 *
 *   node --import tsx bench/consent-micro.ts [--subjects 10000] [--distinct 1000] [--calls 1000000]
 *
 * Reports ns per check (median of 7 rounds) for: a method without consent basis (plan lookup
 * only), a consent method whose subject has consent, and one whose consent is withdrawn. `distinct`
 * is how many different customers the calls rotate over (≤ 4096 stay in the HMAC memo).
 * A benchmark, not a test: nothing here asserts on time.
 */
import * as os from 'node:os';
import { ConsentGuard } from '../interceptors/consent/consent-guard';
import { MemoryKeyring } from '../interceptors/mask/keyring/memory-keyring';
import { Pseudonymizer } from '../interceptors/mask/strategies/pseudonymize';
import { kitchenSinkRegistry, METHODS } from '../test/helpers/kitchen-sink';

const args = process.argv.slice(2);
const num = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const subjects = num('--subjects', 10_000);
const distinct = num('--distinct', 1000);
const calls = num('--calls', 1_000_000);

const keyring = new MemoryKeyring();
const guard = new ConsentGuard({ keyring });
const p = new Pseudonymizer(keyring);
const entries = [];
for (let i = 0; i < subjects; i++) entries.push({ subjectRef: p.pseudonym(`withdrawn-${i}`), purpose: 'marketing', withdrawn: true });
guard.state.replace(entries, 1, Date.now());
const registry = kitchenSinkRegistry();
const plan = guard.planFor(METHODS.echo, 'marketing', 'consent', registry)!;

const msgs = (prefix: string) => Array.from({ length: distinct }, (_, i) => ({ requestId: 'r', customer: { customerId: `${prefix}-${i}`, fullName: 'Jane' }, note: 'x' }));
const granted = msgs('customer');
const withdrawn = msgs('withdrawn');

function round(label: string, fn: (i: number) => unknown): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) fn(i);
  return Number(process.hrtime.bigint() - t0) / calls;
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const results: Record<string, number[]> = { 'no consent basis (plan lookup)': [], 'consent granted': [], 'consent withdrawn (refused)': [] };
for (let r = 0; r < 8; r++) {
  const a = round('plan', () => guard.planFor('/demo.v1.KitchenSinkService/Upload', undefined, 'contract', registry));
  const b = round('granted', (i) => guard.check(plan, granted[i % distinct]));
  const c = round('withdrawn', (i) => guard.check(plan, withdrawn[i % distinct]));
  if (r === 0) continue; // warm-up
  results['no consent basis (plan lookup)'].push(a);
  results['consent granted'].push(b);
  results['consent withdrawn (refused)'].push(c);
}
console.log(`consent guard check, ${subjects} withdrawn subjects in state, ${distinct} distinct callers, ${calls} calls/round, load ${os.loadavg()[0].toFixed(2)}`);
for (const [k, v] of Object.entries(results)) console.log(`  ${k.padEnd(34)} ${median(v).toFixed(0)} ns/call (median of ${v.length})`);

import { strict as assert } from 'node:assert';
import { integrityChecks, type MessageCheck } from '../../bench/harness/report';
import type { MarkSnapshot } from '../../bench/harness/protocol';
import type { SuiteRun } from '../../bench/harness/suite';

function snap(calls: number, exported: number, messageCheck?: MessageCheck): MarkSnapshot & { messageCheck?: MessageCheck } {
  return {
    calls,
    messages: 0,
    errors: 0,
    cpuMicros: 0,
    t: 0,
    peakRss: 0,
    peakHeapUsed: 0,
    rss: 0,
    heapUsed: 0,
    spans: { exported, messageEvents: 10, payloadEvents: 10, leaks: 0 },
    messageCheck,
  };
}

function run(check: MessageCheck | undefined, calls = 10, exported = 10): SuiteRun {
  return { unavailable: {}, samples: {}, pairs: {}, finals: { full: { client: snap(calls, exported, check), server: snap(calls, exported, check) } } };
}

const complete: MessageCheck = { calls: 10, continuations: 30, incompleteCalls: 0, expectedMessages: 2010, foundMessages: 2010, examples: [] };

function find(checks: ReturnType<typeof integrityChecks>, name: string) {
  const c = checks.find((x) => x.check === name);
  assert.ok(c, `check "${name}" present`);
  return c!;
}

describe('bench integrity: every message of every call recorded', () => {
  it('passes when every message is found once; continuation records are not counted as call spans', () => {
    const checks = integrityChecks(run(complete, 10, 40), []);
    assert.equal(find(checks, 'client: every message of every call recorded').ok, true);
    const one = find(checks, 'client: one span per call');
    assert.equal(one.ok, true, one.detail);
    assert.match(one.detail, /10 spans for 10 calls .*plus 30 continuation records/);
  });

  it('fails on any missing message, and names what is missing', () => {
    const lossy: MessageCheck = { ...complete, incompleteCalls: 1, foundMessages: 2009, examples: ['Download: 1 missing, 0 duplicate/out of range, 0 dropped by the span limit, 128 in continuations'] };
    const c = find(integrityChecks(run(lossy, 10, 40), []), 'server: every message of every call recorded');
    assert.equal(c.ok, false);
    assert.match(c.detail, /2009 of 2010 .* 1 incomplete: Download: 1 missing/);
  });

  it('fails when the worker sent no per-call counts', () => {
    assert.equal(find(integrityChecks(run(undefined), []), 'client: every message of every call recorded').ok, false);
  });

  it('keeps today’s check names', () => {
    const names = integrityChecks(run(complete, 10, 40), []).map((c) => c.check);
    for (const n of ['no failed calls', 'client: one span per call', 'client: payload events present', 'client: no raw PII in sampled spans']) assert.ok(names.includes(n), n);
  });
});

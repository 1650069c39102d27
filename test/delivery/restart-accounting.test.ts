import { strict as assert } from 'node:assert';
import { restartAccounting } from '../../interceptors/delivery/restart-accounting';

describe('delivery: restart accounting (which numbers of a crashed run are lost)', () => {
  it('write-ahead, nothing used outside the spool: nothing lost, numbering resumes after the highest used (not after the reservation)', () => {
    assert.deepEqual(restartAccounting({ persistedMax: 150, assignedTo: 0, reservedTo: 10_150, declared: [], exact: true }), { lost: [], resumeAfter: 150 });
  });

  it('write-ahead, records used outside the spool (memory fallback) and not acknowledged: exactly those are lost', () => {
    assert.deepEqual(restartAccounting({ persistedMax: 150, assignedTo: 160, reservedTo: 10_150, declared: [], exact: true }), { lost: [{ from: 151, to: 160 }], resumeAfter: 160 });
  });

  it('numbers already declared by saved gaps are not declared twice; a saved gap beyond everything still moves the resume point', () => {
    const declared = [
      { from: 153, to: 154, reason: 'spool_error' as const },
      { from: 158, to: 158, reason: 'rejected' as const },
      { from: 170, to: 171, reason: 'shutdown' as const },
    ];
    assert.deepEqual(restartAccounting({ persistedMax: 150, assignedTo: 160, reservedTo: 10_150, declared, exact: true }), {
      lost: [
        { from: 151, to: 152 },
        { from: 155, to: 157 },
        { from: 159, to: 160 },
      ],
      resumeAfter: 171,
    });
  });

  it('overflow (numbered in memory): every reserved number beyond the spool is declared — an upper bound — and numbering goes on after the reservation', () => {
    assert.deepEqual(restartAccounting({ persistedMax: 90, assignedTo: 0, reservedTo: 100, declared: [], exact: false }), { lost: [{ from: 91, to: 100 }], resumeAfter: undefined });
  });

  it('a clean stop (mark shrunk to the last number used, everything acknowledged): nothing lost', () => {
    assert.deepEqual(restartAccounting({ persistedMax: 42, assignedTo: 42, reservedTo: 42, declared: [], exact: true }), { lost: [], resumeAfter: 42 });
    assert.deepEqual(restartAccounting({ persistedMax: 42, assignedTo: 0, reservedTo: 42, declared: [], exact: false }), { lost: [], resumeAfter: undefined });
  });
});

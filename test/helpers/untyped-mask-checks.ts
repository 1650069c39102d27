import { strict as assert } from 'node:assert';
import { createMasker, newMaskScope } from '../../interceptors/mask';

/**
 * The checks the held-out class tests share: `mask` runs a value through the default masker's
 * untyped path (as the CLI and a sidecar do) and returns its JSON; `gone` asserts values left the
 * output, `kept` that values stayed in it unchanged.
 */
export function untypedMaskChecks(): { mask: (v: unknown) => string; gone: (out: string, ...values: string[]) => void; kept: (out: string, ...values: string[]) => void } {
  const masker = createMasker();
  return {
    mask: (v) => JSON.stringify(masker.maskUntyped(v, newMaskScope())),
    gone: (out, ...values) => {
      for (const v of values) assert.ok(!out.includes(v), `${v} leaked: ${out}`);
    },
    kept: (out, ...values) => {
      for (const v of values) assert.ok(out.includes(v), `${v} altered: ${out}`);
    },
  };
}

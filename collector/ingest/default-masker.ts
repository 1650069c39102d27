import { BasicMasker } from '../../interceptors/mask/basic-masker';
import type { Masker } from '../../interceptors/mask/masker';

/**
 * The masker the collector's payload guard uses unless one is injected: the full detection
 * engine (`createMasker()` from interceptors/mask) when this build has it, else the basic masker
 * (credentials only). Resolved at start-up, never at import time.
 */
export function defaultCollectorMasker(): Masker {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('../../interceptors/mask') as { createMasker?: () => Masker };
    if (typeof mod.createMasker === 'function') return mod.createMasker();
  } catch {
    // interceptors/mask has no index yet in this build
  }
  return new BasicMasker();
}

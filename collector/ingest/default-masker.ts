import { createMasker } from '../../interceptors/mask';
import type { Masker } from '../../interceptors/mask/masker';

/**
 * The masker the collector's payload guard uses unless one is injected: the full detection
 * engine with the default policy. Created at start-up, never at import time.
 */
export function defaultCollectorMasker(): Masker {
  return createMasker();
}

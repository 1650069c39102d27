import { redactionMarker, type Category } from '../categories';
import type { MaskAction } from '../mask-action';
import { DROP, type Drop, type MaskScope } from '../masker';
import { partialMask } from './partial-mask';
import type { Pseudonymizer } from './pseudonymize';
import type { SubjectCipher } from './subject-cipher';

export interface StrategyKit {
  pseudonymizer: Pseudonymizer;
  cipher: SubjectCipher;
}

/** A compiled strategy for one (action, category): maps a sensitive value to what is recorded. */
export type Strategy = (value: string, scope: MaskScope) => string | Drop;

/**
 * Builds the strategy once per (action, category). `encrypt` needs the record's data subject
 * (a field marked subjectId seen earlier in the record); without one the value is redacted —
 * fail-closed, since there is no key whose destruction would erase it.
 */
export function compileStrategy(action: Exclude<MaskAction, 'keep'>, category: Category, kit: StrategyKit): Strategy {
  const marker = redactionMarker(category);
  switch (action) {
    case 'redact':
      return () => marker;
    case 'mask':
      return (v) => partialMask(v, category);
    case 'hash':
      return (v) => kit.pseudonymizer.pseudonym(v);
    case 'encrypt':
      return (v, scope) => (scope.subjectRef ? kit.cipher.encrypt(v, scope.subjectRef) : marker);
    case 'drop':
      return () => DROP;
  }
}

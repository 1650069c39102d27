/**
 * The one seam every string leaving the process passes through. Owned by the masking engine
 * (interceptors/mask/); the decoder and the interceptors only call it. Changes to these types
 * must be additive so that the decoder and capture code keep compiling.
 *
 * The hot path is precomputed: `compileField` runs once per (method, message type, field) when a
 * decode plan is built, and returns the function applied to each value of that field — or
 * `undefined` when values of the field are kept as they are, so the plan skips the call entirely.
 */

/** Kind of a protobuf field as the decoder sees it. */
export type FieldKind =
  | 'string'
  | 'bytes'
  | 'bool'
  | 'int32'
  | 'uint32'
  | 'sint32'
  | 'fixed32'
  | 'sfixed32'
  | 'int64'
  | 'uint64'
  | 'sint64'
  | 'fixed64'
  | 'sfixed64'
  | 'double'
  | 'float'
  | 'enum'
  | 'message';

/** `(grpcaudit.v1.field)` options read from the descriptor, normalised. */
export interface FieldAnnotation {
  /** e.g. 'personal', 'financial', 'public' (lower-case Sensitivity name without prefix). */
  sensitivity?: string;
  /** 'keep' | 'redact' | 'mask' | 'hash' | 'encrypt' | 'drop'. */
  action?: string;
  subjectId?: boolean;
}

/** `(grpcaudit.v1.method)` options read from the descriptor, normalised. */
export interface MethodAnnotation {
  purpose?: string;
  /** 'consent' | 'contract' | 'legal_obligation' | 'vital_interests' | 'public_task' | 'legitimate_interests'. */
  lawfulBasis?: string;
  /** 'none' | 'metadata' | 'full'. */
  record?: string;
  retentionClass?: string;
}

/** Where a field's values live; known when the plan is compiled. */
export interface FieldSite {
  /** '/pkg.Service/Method', or '' when not known. */
  methodPath: string;
  /** Fully qualified name of the message type that declares the field. */
  typeName: string;
  /** Dotted JSON path from the root message; repeated and map elements add '[]', e.g. 'customer.addresses[].street'. */
  fieldPath: string;
  /** JSON (lowerCamel) name of the field. */
  fieldName: string;
  kind: FieldKind;
  repeated?: boolean;
  annotation?: FieldAnnotation;
}

/** Where a free-text value comes from (no schema for it). */
export type TextSite =
  | { kind: 'metadata'; key: string }
  | { kind: 'status-message' }
  | { kind: 'error-details' }
  | { kind: 'exception' }
  /**
   * A string of a message decoded without a schema. `fieldName` is the key it was found under
   * when the decoder could infer one (map entries: `{1: key, 2: value}`, e.g. a
   * google.protobuf.Struct on the wire), `parentKind` the kind of the object holding it
   * (field-hints `ObjectKind`): the same hints as a typed field then apply.
   */
  | {
      kind: 'unknown-field';
      fieldPath: string;
      fieldName?: string;
      parentKind?: number;
      methodPath?: string;
      /**
       * Set by the wire decoder: the string is part of a payload whose schema is unknown, so the
       * policy's `unknownSchema` treatment applies (fail-closed by default). Other callers (the
       * collector re-scanning what an emitter masked) get the detectors only.
       */
      unknownSchema?: boolean;
    }
  | { kind: 'json-key' };

/**
 * Per-record accumulator: how many values were masked and which pseudonymous subject
 * references were seen. One per span; the decoder passes it to every value function.
 */
export interface MaskScope {
  count: number;
  /** Pseudonymous references (keyed hashes) of data subjects identified in the record. */
  subjectRefs?: string[];
  /** Set by the masker when the first subject id of the record is seen (used by `encrypt`). */
  subjectRef?: string;
  /**
   * Person names this record's fields were masked as (`lastName: "Jenkins"`): the same names in
   * the record's free text (`"name variant B. Jenkins found"`) are masked too (untyped values).
   */
  knownNames?: string[];
  /** Those of knownNames that came from fields, folded (known-names.ts foldName): their lower-case mentions count too. */
  knownFieldNames?: string[];
  /** Given names of names found in text (folded): masked again only where no capitalised word follows (known-names.ts). */
  knownGivenOnly?: string[];
  /** Two names of a person from an e-mail's local part (`ingrid haugland`), looked for as logins and slugs (known-names.ts). */
  knownSlugs?: string[];
  /** Names (and their words) found in text written without capitals: found again in lower case (known-names.ts). */
  knownLowerNames?: string[];
  /** Birth dates this record's fields were masked as (`dob: "1972-09-16"`): masked where its text repeats them. */
  knownDates?: string[];
  /** Last nine digits of phone numbers this record's fields were masked as: the same number written otherwise is masked too. */
  knownPhoneTails?: string[];
  /**
   * Phone regions in force for this record: the policy's list plus countries the record declares
   * (`country: "NG"`, `locale: "es-MX"`; record-regions.ts). Undefined: the policy's list.
   */
  phoneRegions?: readonly string[];
}

/** Returned by a value function to remove the field from the rendered record. */
export const DROP: unique symbol = Symbol('grpcaudit.drop');
export type Drop = typeof DROP;

/**
 * Masks one value of a compiled field. `value` is the canonical JSON value of the leaf
 * (string for string/bytes/64-bit ints/enums, number or boolean otherwise).
 */
export type ValueMasker = (value: string | number | boolean, scope: MaskScope) => string | number | boolean | Drop;

export interface Masker {
  /** Identifies the policy in force; recorded as `grpcaudit.policy.version`. */
  readonly policyVersion: string;
  /** Compile once per field site; `undefined` means values are kept unchanged. */
  compileField(site: FieldSite): ValueMasker | undefined;
  /** Masks free text that has no schema: metadata values, status messages, error details. */
  maskText(value: string, scope: MaskScope, site: TextSite): string;
  /**
   * Masks a JSON value whose schema is unknown (raw wire fallback, the `mask` CLI): every string is
   * free text, field names give hints. Returns a new value; does not mutate the input.
   */
  maskUntyped(value: unknown, scope: MaskScope, methodPath?: string, options?: UntypedOptions): unknown;
  /**
   * Notes the countries a decoded message declares (`country: "SG"`) in the scope, for the
   * record's national phone numbers (record-regions.ts). Typed renderers call it before rendering
   * a message whose type has such a field.
   */
  noteRegions?(message: unknown, scope: MaskScope): void;
}

/** How `maskUntyped` treats its value. */
export interface UntypedOptions {
  /**
   * The value is a payload whose schema is unknown to us (an unregistered method's message), not
   * JSON the user handed in: the policy's `unknownSchema` treatment applies (fail-closed by default).
   */
  unknownSchema?: boolean;
}

export function newMaskScope(): MaskScope {
  return { count: 0 };
}

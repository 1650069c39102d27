import { recordRegions } from './record-regions';
import { asksForBirthDate, leadingDate } from './detectors/date-of-birth';
import { TEXT_CATEGORIES, UNCLASSIFIED, isCategory, type Category } from './categories';
import { DETECTORS } from './detectors';
import { isTitleWord } from './detectors/person-name';
import * as digitCount from './digit-count';
import * as fieldHints from './field-hints';
import { ObjectKind } from './field-hints';
import * as mapKeys from './map-keys';
import * as binary from './binary-summary';
import * as unknownSchema from './unknown-schema';
import type { Keyring } from './keyring/keyring';
import type { MaskAction } from './mask-action';
import type { FieldAnnotation, FieldKind, FieldSite, Masker, MaskScope, TextSite, UntypedOptions, ValueMasker } from './masker';
import * as masking from './masker';
import { isJCard, maskJCard, type JCard } from './jcard';
import { isCookieFieldName, maskCookieHeader } from './cookie-header';
import { recordFields, recordHeader, type RecordHeader } from './delimited-records';

/** Keys that hold the header line of rows kept in a sibling array (`header`, `columns`, `csvHeader`). */
const HEADER_KEY = /^(?:header|headers|header_?line|columns|column_?names|cols|fields|field_?names|csv_?header)$|(?:Header|Columns|HeaderLine|ColumnNames)$/i;
import { MAP_KEY_SITE_SUFFIX, compileFieldPattern, compileMethodGlob, isMapKeySite, matchesField, normalizeFieldPath } from './path-pattern';
import type { MaskPolicy } from './policy';
import { compileStrategy, type Strategy, type StrategyKit } from './strategies/apply-action';
import { Pseudonymizer } from './strategies/pseudonymize';
import { SubjectCipher } from './strategies/subject-cipher';
import { TextScanner, type ScanFlags } from './text-scanner';
import { isPhone } from './detectors/phone';
import { maskKnownDates, maskKnownNames, maskKnownPhones, rememberDate, rememberEmailNamedValues, rememberName, rememberPhone } from './known-names';

/** Whole-value decisions taken per value from its shape, on top of the detectors (cheap tests). */
interface ShapeFlags {
  /** A map key: redacted as a person's name when it is data shaped like one. */
  nameKey?: boolean;
  /** A field that holds people: a value shaped like a person's name is one. */
  nameValue?: boolean;
  /** A contact point's value: a phone number when it has 6+ digits and no '@'. */
  contactValue?: boolean;
  /** A person's `name`: a person's name unless it names an organisation. */
  personName?: boolean;
  /** Where a code was sent (`mfa.destination`): a bare number there is a phone when it validates. */
  deliveryTarget?: boolean;
  /** The sender or recipient of a message (`from`, `to`): an international number without its '+' is a phone number. */
  partyNumber?: boolean;
  /** `contact`, `contactNo`: a value that is only a number to dial (7+ digits) is a phone, of whatever country. */
  contactNumber?: boolean;
  /** The recipient of a message or call (`sms.to`, `messages[].to`): a number to dial there (8+ digits) is a phone of whatever country. */
  channelTarget?: boolean;
  /** `deviceId` and the like: a device id when shaped like a handset's (field-hints isHandsetIdShape). */
  handsetId?: boolean;
  /** A string of a payload without schema: what the detectors leave is redacted unless cleared (unknown-schema.ts). */
  failClosed?: boolean;
}

// Hot helpers bound once: loaders such as tsx compile each use of a named import into a getter call.
const { countAsciiDigits: countDigits } = digitCount;
const { hintForFieldName, hintInContext, normalizeFieldName, labelledValue, isHandsetIdField, isHandsetIdShape, isCodeLikeName, isContentLikeName, isContactPointValue, isChannelRecipientPath, isContactNumberField, isMessagePartyField, isDeliveryTargetField, isPersonNameField, isPersonNumberField, isVersionLikeName, nameShapedIsPerson, namesThing, objectKind } = fieldHints;
const { isDataKey, looksLikeOrganisation, looksLikePersonName, looksLikePersonNameValue } = mapKeys;
const { binarySummary, bytesAsText } = binary;
const { clearedWithoutSchema } = unknownSchema;
/** Only digits, as many as an international number has with its country code (E.164 without '+'). */
const INTERNATIONAL_DIGITS = /^[1-9]\d{10,14}$/;
const DROP = masking.DROP;
/** A whole value written as a phone number: optional '+', digits and the separators numbers are written with. */
const PROCESSOR_OBJECT_ID = /^(?:tok|btok|pm|card|src|cus|ch|pi|seti|ba|py|po)_[A-Za-z0-9]{10,40}$/;
/**
 * A profession or title in lower case before a name, in a field that holds a person
 * ('tandlæge Freja Mortensen', 'dott. Marco Ricci', 'Dr. med. Gökhan Demir'): the rest is a name.
 */
const LOWER_TITLE = /^(?:\p{Lu}\p{Ll}{0,4}\.[ \u00a0]+(?:\p{Ll}{2,6}\.[ \u00a0]+){1,2}|(?:\p{Ll}[\p{Ll}.]{1,20}[ \u00a0]+){1,2})(?=\p{Lu})/u;
function titledName(v: string): boolean {
  if (v.length > 80) return false;
  const m = LOWER_TITLE.exec(v);
  if (m !== null) return looksLikePersonNameValue(v.slice(m[0].length)) && !looksLikeOrganisation(v);
  // a title of address written in capitals or without its period (`MVZ Rocío Ibarra`, `DR Amara Obi`, `Lic Jorge Pérez`)
  const space = v.indexOf(' ');
  if (space < 2 || space > 6) return false;
  const end = v.charCodeAt(space - 1) === 46 ? space - 1 : space;
  // (the title itself is no organisation's acronym: only the name after it is looked at)
  return isTitleWord(v, 0, end) && looksLikePersonNameValue(v.slice(space + 1)) && !looksLikeOrganisation(v.slice(space + 1));
}

const DIALLED_NUMBER = /^\+?[0-9(][0-9 ()\-.]{7,19}$/;

interface CompiledRule {
  method: RegExp;
  field: RegExp;
  action: MaskAction;
  category?: Category;
  subjectId: boolean;
}

/** How one field's values are treated; decided once per field site. */
type Decision =
  | { kind: 'keep'; subjectId: boolean }
  | { kind: 'whole'; action: Exclude<MaskAction, 'keep'>; category: Category; subjectId: boolean; byHint?: boolean }
  | { kind: 'scan'; flags: ScanFlags & ShapeFlags; subjectId: boolean }
  /**
   * A message-typed field: the decoder passes the rendered JSON of the sub-message (its own
   * leaves already decided) or, for Timestamp/Duration/FieldMask, a plain string. `inner` applies
   * only to the plain strings, so a whole nested object is never replaced by a hint or by
   * allowlist mode — only by an explicit annotation or rule.
   */
  | { kind: 'leafOnly'; inner: Decision; subjectId: boolean }
  /** A `bytes` field (base64 in canonical JSON): text is scanned, binary becomes its length and digest. */
  | { kind: 'bytes'; subjectId: boolean }
  /** A cookie header hinted as a credential: each cookie's value masked, names, attributes and preferences kept. */
  | { kind: 'cookie'; action: Exclude<MaskAction, 'keep'>; subjectId: boolean };

/** '\0' + kind + parent kind + fail-closed flag, made once (the site key is built per untyped leaf). */
const SITE_SUFFIX: Record<string, string[]> = {};
for (const k of ['string', 'bytes', 'bool', 'int32', 'uint32', 'sint32', 'fixed32', 'sfixed32', 'int64', 'uint64', 'sint64', 'fixed64', 'sfixed64', 'double', 'float', 'enum', 'message'])
  SITE_SUFFIX[k] = Array.from({ length: 16 }, (_, i) => '\u0000' + k + (i & 7) + (i >= 8 ? '!' : ''));

/** Bounded caches for sites met at run time (untyped paths, metadata keys): cleared when full. */
const CACHE_LIMIT = 4096;
/** Per free-text site: at most this many remembered values, each at most this long; per masker at most SCAN_MEMO_BUDGET. */
const SCAN_MEMO_ENTRIES = 256;
const SCAN_MEMO_MAX_LENGTH = 256;
const SCAN_MEMO_BUDGET = 8192;
/** Strategies whose output depends only on the value (no key, no subject, no randomness). */
/** A workload's identity, not a person's: Kubernetes service accounts and nodes, SPIFFE ids, cloud ARNs and service-account e-mails. */
const MACHINE_PRINCIPAL = /^(?:system:(?:serviceaccount|node|kube-[a-z-]+|apiserver|anonymous)[:a-z0-9.-]*|spiffe:\/\/\S+|arn:aws[a-z-]*:[a-z0-9-]+:\S*|[a-z0-9-]+@[a-z0-9-]+\.iam\.gserviceaccount\.com)$/;
const PURE_ACTIONS: ReadonlySet<MaskAction> = new Set<MaskAction>(['keep', 'redact', 'mask', 'drop']);

interface ScanMemo {
  out: string;
  count: number;
}
const CLEAN = 0;

const SCALAR_TEXT: ReadonlySet<FieldKind> = new Set<FieldKind>(['string']);

/**
 * The masking engine: policy + detectors + strategies behind the `Masker` seam.
 * Everything is decided at compile time per field site; the returned ValueMasker is a small
 * closure specific to that field (a field named `email` redacts without running a regex; a free
 * text field runs the pre-filtered detector chain; an int64 field gets no function at all).
 */
export class PolicyMasker implements Masker {
  readonly policyVersion: string;
  readonly pseudonymizer: Pseudonymizer;
  readonly cipher: SubjectCipher;
  private readonly rules: CompiledRule[];
  private readonly safe: RegExp[];
  private readonly unknownSchemaScan: RegExp[];
  private readonly scanner: TextScanner;
  private readonly kit: StrategyKit;
  private readonly strategyCache = new Map<string, Strategy>();
  private readonly siteCache = new Map<string, ValueMasker | undefined>();
  private readonly textCache = new Map<string, ValueMasker | undefined>();
  /** Identifier-shaped object keys whose scan found nothing (maskKey). */
  private readonly cleanKeys = new Set<string>();
  /** Every content strategy is pure, so a site may remember the scan of a repeated value. */
  private readonly scanResultsCacheable: boolean;
  /** Per free-text site (by number): value → masked text and count. Owned here so that all are bounded together. */
  private scanMemos = new Map<number, Map<string, ScanMemo | typeof CLEAN>>();
  private scanMemoTotal = 0;
  private nextMemoSite = 0;

  constructor(readonly policy: MaskPolicy, readonly keyring: Keyring) {
    this.policyVersion = policy.version;
    this.pseudonymizer = new Pseudonymizer(keyring);
    this.cipher = new SubjectCipher(keyring);
    this.kit = { pseudonymizer: this.pseudonymizer, cipher: this.cipher };
    this.rules = policy.rules.map((r) => ({
      method: compileMethodGlob(r.method),
      field: compileFieldPattern(r.field),
      action: r.action,
      category: r.category,
      subjectId: r.subjectId === true,
    }));
    this.safe = policy.safe.map(compileFieldPattern);
    this.unknownSchemaScan = policy.unknownSchema.scanMethods.map(compileMethodGlob);
    const strategies = new Map<Category, Strategy>();
    const disabled = new Set<string>(policy.detectors.disable);
    for (const cat of TEXT_CATEGORIES) {
      const action = policy.defaults[cat];
      if (action === 'keep' || disabled.has(cat)) continue;
      strategies.set(cat, this.strategy(action, cat));
    }
    this.scanner = new TextScanner(DETECTORS, strategies, policy.detectors.phoneRegions, true, policy.detectors.privateAddresses !== 'mask');
    this.scanResultsCacheable = TEXT_CATEGORIES.every((cat) => PURE_ACTIONS.has(policy.defaults[cat]));
  }

  compileField(site: FieldSite): ValueMasker | undefined {
    return this.toValueMasker(this.decide(site.methodPath, site.fieldPath, site.fieldName, site.kind, site.annotation, typedParentKind(site)));
  }

  maskText(value: string, scope: MaskScope, site: TextSite): string {
    if (value.length === 0) return value;
    let fn: ValueMasker | undefined;
    if (site.kind === 'metadata') {
      fn = this.cachedText('m:' + site.key, () => this.textDecision(site.key, false));
    } else if (site.kind === 'unknown-field') {
      const closed = site.unknownSchema === true && this.failClosed(site.methodPath ?? '');
      if (site.fieldName !== undefined && this.policy.mode !== 'allowlist') {
        // a key inferred from the wire (map entry): decided like an untyped JSON field of that name
        fn = this.siteMasker('', site.fieldPath, site.fieldName, 'string', (site.parentKind ?? ObjectKind.None) as ObjectKind, closed);
      } else if (closed && this.policy.mode !== 'allowlist') {
        fn = this.cachedText('u!', () => this.toValueMasker({ kind: 'scan', flags: { ssnField: false, versionField: false, failClosed: true }, subjectId: false }));
      } else fn = this.cachedText('u', () => this.textDecision(undefined, this.policy.mode === 'allowlist'));
    } else if (site.kind === 'json-key') {
      return this.maskKey(value, scope);
    } else {
      fn = this.cachedText('t', () => this.textDecision(undefined, false));
    }
    if (!fn) return value;
    const out = fn(value, scope);
    return out === DROP ? '' : String(out);
  }

  maskUntyped(value: unknown, scope: MaskScope, methodPath = '', options?: UntypedOptions): unknown {
    const known = scope.knownNames?.length ?? 0;
    const knownDates = scope.knownDates?.length ?? 0;
    const knownPhones = scope.knownPhoneTails?.length ?? 0;
    const knownSlugs = scope.knownSlugs?.length ?? 0;
    // countries the record declares (country: "NG", locale: "es-MX") count for its national phone numbers
    this.noteRegions(value, scope);
    // full names of the record that its e-mail addresses spell (known-names.ts)
    if (this.policy.defaults.person_name !== 'keep' && this.policy.fieldHints) rememberEmailNamedValues(value, scope);
    let out = this.walk(value, scope, methodPath, '', '', 0, ObjectKind.None, options?.unknownSchema === true && this.failClosed(methodPath));
    // birth dates masked in fields of this value, repeated in its text: masked there too
    if ((scope.knownDates?.length ?? 0) > knownDates && this.policy.defaults.date_of_birth !== 'keep') {
      const strategy = this.strategy(this.policy.defaults.date_of_birth, 'date_of_birth');
      out = maskKnownDates(out, scope, (d) => {
        const r = strategy(d, scope);
        return typeof r === 'string' ? r : '';
      });
    }
    // phone numbers masked in fields of this value, written again another way: masked there too
    if ((scope.knownPhoneTails?.length ?? 0) > knownPhones && this.policy.defaults.phone !== 'keep') {
      const strategy = this.strategy(this.policy.defaults.phone, 'phone');
      out = maskKnownPhones(out, scope, (n) => {
        const r = strategy(n, scope);
        return typeof r === 'string' ? r : '';
      });
    }
    // names masked in fields of this value, seen again in its text: masked there too (known-names.ts)
    if (((scope.knownNames?.length ?? 0) > known || (scope.knownSlugs?.length ?? 0) > knownSlugs) && this.policy.defaults.person_name !== 'keep') {
      const strategy = this.strategy(this.policy.defaults.person_name, 'person_name');
      return maskKnownNames(out, scope, (name) => {
        const r = strategy(name, scope);
        return typeof r === 'string' ? r : '';
      });
    }
    return out;
  }

  noteRegions(message: unknown, scope: MaskScope): void {
    if (this.policy.defaults.phone !== 'keep') scope.phoneRegions = recordRegions(message, this.policy.detectors.phoneRegions, scope.phoneRegions);
  }

  /** Whether strings of schema-less payloads of this method are fail-closed (policy `unknownSchema`). */
  private failClosed(methodPath: string): boolean {
    if (this.policy.unknownSchema.action !== 'redact') return false;
    for (const m of this.unknownSchemaScan) if (m.test(methodPath)) return false;
    return true;
  }

  /** Free text through the detector chain only (no field context). */
  scanText(value: string, scope: MaskScope, flags?: ScanFlags): string {
    return this.scanner.mask(value, scope, flags);
  }

  /** The keyed pseudonym of a value under the current key (what `hash` and subject refs record). */
  pseudonym(value: string): string {
    return this.pseudonymizer.pseudonym(value);
  }

  /** Decrypts an `enc:` value (DSAR export); throws DecryptError when erased or altered. */
  decrypt(token: string): string {
    return this.cipher.decrypt(token);
  }

  // ---- decisions -------------------------------------------------------------------------

  private decide(methodPath: string, fieldPath: string, fieldName: string, kind: FieldKind, annotation: FieldAnnotation | undefined, parent: ObjectKind = ObjectKind.None): Decision {
    const allowlist = this.policy.mode === 'allowlist';
    const isKey = isMapKeySite(fieldPath);
    const path = normalizeFieldPath(isKey ? fieldPath.slice(0, -MAP_KEY_SITE_SUFFIX.length) : fieldPath);
    const hint = this.policy.fieldHints ? hintInContext(fieldName, parent) : undefined;
    let subjectId = annotation?.subjectId === true;
    if (isKey) {
      // map keys are never replaced wholesale by a hint (keys would collide); their text is
      // scanned, and a key that is a person's name (a map keyed by names) is redacted as one
      return SCALAR_TEXT.has(kind) ? { kind: 'scan', flags: { ssnField: false, versionField: false, nameKey: true }, subjectId: false } : { kind: 'keep', subjectId: false };
    }
    // 1. annotations, strongest
    if (annotation?.action && annotation.action !== 'keep') {
      const category = this.categoryOf(annotation.sensitivity) ?? hint ?? 'personal';
      return { kind: 'whole', action: annotation.action as Exclude<MaskAction, 'keep'>, category, subjectId };
    }
    if (annotation?.action === 'keep' || annotation?.sensitivity === 'public') return { kind: 'keep', subjectId };
    if (annotation?.sensitivity) {
      const category = this.categoryOf(annotation.sensitivity) ?? 'personal';
      return this.byDefault(category, subjectId);
    }
    // 2. user rules, first match wins
    for (const r of this.rules) {
      if (!r.method.test(methodPath) || !matchesField(r.field, path)) continue;
      subjectId ||= r.subjectId;
      if (r.action === 'keep') return { kind: 'keep', subjectId };
      return { kind: 'whole', action: r.action, category: r.category ?? hint ?? 'personal', subjectId };
    }
    // 3. allowlist mode: fail-closed
    if (allowlist) {
      for (const s of this.safe) if (matchesField(s, path)) return { kind: 'keep', subjectId };
      const redact: Decision = { kind: 'whole', action: 'redact', category: hint ?? UNCLASSIFIED, subjectId };
      return kind === 'message' ? { kind: 'leafOnly', inner: redact, subjectId } : redact;
    }
    if (kind === 'message') {
      // Timestamp/Duration named like a birth date: the hint applies to the plain-string value
      return hint ? { kind: 'leafOnly', inner: this.byDefault(hint, subjectId), subjectId } : { kind: 'keep', subjectId };
    }
    // 4. schema: only strings are free text (64-bit ints, enums, numbers are not); bytes are
    //    looked into: text is scanned, anything else is summarised (binary-summary.ts)
    if (kind === 'bytes') return { kind: 'bytes', subjectId };
    if (!SCALAR_TEXT.has(kind)) return { kind: 'keep', subjectId };
    // 5. field-name hints, then detectors
    if (hint === 'credential' && isCookieFieldName(normalizeFieldName(fieldName))) return this.cookieDecision(subjectId);
    if (hint) return this.byDefault(hint, subjectId, true);
    const hinted = this.policy.fieldHints;
    return {
      kind: 'scan',
      flags: {
        ssnField: false,
        versionField: isVersionLikeName(fieldName),
        thingField: (parent === ObjectKind.Thing || (hinted && namesThing(fieldName))) && !isContentLikeName(fieldName),
        codeField: isCodeLikeName(fieldName),
        nameValue: hinted && nameShapedIsPerson(fieldName, parent),
        contactValue: hinted && isContactPointValue(fieldName, parent),
        personName: hinted && isPersonNameField(fieldName, parent),
        deliveryTarget: hinted && (isDeliveryTargetField(fieldName) || isPersonNumberField(fieldName, parent) || isChannelRecipientPath(fieldPath)),
        channelTarget: hinted && isChannelRecipientPath(fieldPath),
        contactNumber: hinted && isContactNumberField(fieldName),
        partyNumber: hinted && isMessagePartyField(fieldName),
        handsetId: hinted && isHandsetIdField(fieldName),
      },
      subjectId,
    };
  }

  private cookieDecision(subjectId: boolean): Decision {
    const action = this.policy.defaults.credential;
    return action === 'keep' ? { kind: 'keep', subjectId } : { kind: 'cookie', action, subjectId };
  }

  private byDefault(category: Category, subjectId: boolean, byHint = false): Decision {
    const action = this.policy.defaults[category];
    return action === 'keep' ? { kind: 'keep', subjectId } : { kind: 'whole', action, category, subjectId, byHint };
  }

  private categoryOf(sensitivity: string | undefined): Category | undefined {
    return sensitivity && isCategory(sensitivity) ? sensitivity : undefined;
  }

  /** Metadata values and other schema-less text: the key is a hint; allowlist-unknown text is redacted. */
  private textDecision(key: string | undefined, redactAll: boolean): ValueMasker | undefined {
    if (redactAll) return this.toValueMasker({ kind: 'whole', action: 'redact', category: UNCLASSIFIED, subjectId: false });
    const hint = key && this.policy.fieldHints ? hintForFieldName(key) : undefined;
    if (hint === 'credential' && key && isCookieFieldName(normalizeFieldName(key))) return this.toValueMasker(this.cookieDecision(false));
    if (hint) return this.toValueMasker(this.byDefault(hint, false, true));
    return this.toValueMasker({ kind: 'scan', flags: { ssnField: false, versionField: key ? isVersionLikeName(key) : false }, subjectId: false });
  }

  private cachedText(key: string, make: () => ValueMasker | undefined): ValueMasker | undefined {
    if (this.textCache.has(key)) return this.textCache.get(key);
    if (this.textCache.size >= CACHE_LIMIT) this.textCache.clear();
    const fn = make();
    this.textCache.set(key, fn);
    return fn;
  }

  private strategy(action: Exclude<MaskAction, 'keep'>, category: Category): Strategy {
    const key = action + ':' + category;
    let s = this.strategyCache.get(key);
    if (!s) {
      s = compileStrategy(action, category, this.kit);
      this.strategyCache.set(key, s);
    }
    return s;
  }

  // ---- value functions --------------------------------------------------------------------

  private toValueMasker(d: Decision): ValueMasker | undefined {
    let inner: ValueMasker | undefined;
    if (d.kind === 'leafOnly') {
      const leaf = this.toValueMasker({ ...d.inner, subjectId: false } as Decision);
      if (leaf) {
        inner = (v, scope) => {
          if (typeof v === 'string' && v.length > 0) {
            const c = v.charCodeAt(0);
            if (c === 123 || c === 91 || c === 34) return v; // '{' '[' '"': rendered JSON, leaves decided inside
          }
          return leaf(v, scope);
        };
      }
    } else if (d.kind === 'whole') {
      const strategy = this.strategy(d.action, d.category);
      const isName = d.category === 'person_name';
      const isDate = d.category === 'date_of_birth';
      const isPhoneField = d.category === 'phone';
      // a name field holding a company's name ('Nordlicht Kaffeerösterei GmbH') — only by hint, never by annotation or rule
      const orgAware = isName && d.byHint === true;
      // a payment processor's object id under a token key (`token: "tok_1N3…"`, `pm_…`) refers to a
      // card the processor holds; it is no secret (secret keys are `sk_…`, `rk_…`, `whsec_…`)
      const processorIds = d.category === 'credential' && d.byHint === true;
      // an e-mail or phone key holding a whole message (`rawEmail: "From: … Subject: …"`): the text is
      // scanned like any free text, so its headers, dates and products survive and its data do not
      const contactText = (d.category === 'email' || d.category === 'phone') && d.byHint === true;
      inner = (v, scope) => {
        if (v === '') return v;
        if (contactText && typeof v === 'string' && isMessageText(v)) return this.scanner.mask(v, scope);
        if (processorIds && typeof v === 'string' && PROCESSOR_OBJECT_ID.test(v)) return v;
        // an organisation's name is still scanned (the detectors judge it as free text), never passed as is
        if (orgAware && typeof v === 'string' && v.indexOf('@') < 0 && looksLikeOrganisation(v)) return this.scanner.mask(v, scope);
        // a workload's principal in a user's slot (`system:serviceaccount:ns:name`, `spiffe://…`, an ARN)
        // names software, not a person: scanned as free text like an organisation's name
        if (orgAware && typeof v === 'string' && MACHINE_PRINCIPAL.test(v)) return this.scanner.mask(v, scope);
        scope.count++;
        if (isName && typeof v === 'string') rememberName(scope, v);
        else if (isDate && typeof v === 'string') rememberDate(scope, v);
        else if (isPhoneField && typeof v === 'string') rememberPhone(scope, v);
        return strategy(typeof v === 'string' ? v : String(v), scope);
      };
    } else if (d.kind === 'cookie') {
      const strategy = this.strategy(d.action, 'credential');
      inner = (v, scope) => {
        if (typeof v !== 'string' || v === '') return v;
        return maskCookieHeader(v, (value) => {
          scope.count++;
          const out = strategy(value, scope);
          return typeof out === 'string' ? out : '';
        });
      };
    } else if (d.kind === 'scan') {
      inner = this.scanMasker(d.flags);
    } else if (d.kind === 'bytes') {
      const scan = this.scanMasker({ ssnField: false, versionField: false });
      inner = (v, scope) => {
        if (typeof v !== 'string' || v.length === 0) return v;
        const bytes = Buffer.from(v, 'base64');
        const text = bytesAsText(bytes);
        if (text === undefined) return binarySummary(bytes);
        const masked = scan(text, scope);
        // clean text stays canonical base64; text with something masked is shown masked, marked as text
        return masked === text ? v : 'text:' + String(masked);
      };
    }
    if (!d.subjectId) return inner;
    const pseudonymizer = this.pseudonymizer;
    return (v, scope) => {
      if (v !== '') {
        const ref = pseudonymizer.pseudonym(String(v));
        if (!scope.subjectRef) scope.subjectRef = ref;
        const refs = (scope.subjectRefs ??= []);
        if (!refs.includes(ref)) refs.push(ref);
      }
      return inner ? inner(v, scope) : v;
    };
  }

  /**
   * Free text of one site through the detector chain. Values repeat in M2M traffic (ids,
   * enums, short notes, the same address in every message): when every content strategy is
   * deterministic and reads nothing from the record (redact, mask, drop), each site keeps a small
   * map from value to its masked text and how many values were masked in it, and a repeat replays
   * both (scope.count exactly as the scan would). The map belongs to this closure, so to one site
   * of one masker (one policy, one key). Only short values are kept: hashing a long string to look
   * it up costs a good part of scanning it, and long free text rarely repeats exactly. All sites of
   * a masker share one bound (SCAN_MEMO_BUDGET entries, ≈ a few MiB at most).
   */
  private scanMasker(flags: ScanFlags & ShapeFlags): ValueMasker {
    if (flags.failClosed) {
      const open = this.scanMasker({ ...flags, failClosed: false });
      const unclassified = this.strategy('redact', UNCLASSIFIED);
      const regions = this.policy.detectors.phoneRegions;
      return (v, scope) => {
        const out = open(v, scope);
        if (typeof out !== 'string') return out;
        // only digits, 11–15 of them, a valid international number without its '+' (`Value: "254712345678"`,
        // M-Pesa and other mobile-money callbacks): what a schema would have named a phone
        if (clearedWithoutSchema(out) && !(INTERNATIONAL_DIGITS.test(out) && isPhone('+' + out, true, regions))) return out;
        scope.count++;
        return unclassified(out, scope);
      };
    }
    if (flags.nameKey || flags.nameValue || flags.contactValue || flags.personName || flags.deliveryTarget || flags.contactNumber || flags.handsetId || flags.partyNumber) {
      const scan = this.scanMasker({ ssnField: flags.ssnField, versionField: flags.versionField, thingField: flags.thingField, codeField: flags.codeField });
      const nameAction = this.policy.defaults.person_name;
      const phoneAction = this.policy.defaults.phone;
      const asName = nameAction === 'keep' ? undefined : this.strategy(nameAction, 'person_name');
      const asPhone = phoneAction === 'keep' ? undefined : this.strategy(phoneAction, 'phone');
      const keyOnly = flags.nameKey === true;
      const contact = flags.contactValue === true;
      const always = flags.personName === true;
      const dialled = flags.deliveryTarget === true;
      const channelTarget = flags.channelTarget === true;
      const contactNumber = flags.contactNumber === true;
      const party = flags.partyNumber === true;
      const handset = flags.handsetId === true;
      const deviceAction = this.policy.defaults.device_id;
      const asDevice = deviceAction === 'keep' ? undefined : this.strategy(deviceAction, 'device_id');
      // the shape-of-a-name rules are for keys and fields that hold people, not contact points or delivery targets
      const people = !contact && (flags.nameKey === true || flags.nameValue === true || always);
      const regions = this.policy.detectors.phoneRegions;
      return (v, scope) => {
        if (typeof v === 'string') {
          if (asDevice && handset && isHandsetIdShape(v)) {
            scope.count++;
            return asDevice(v, scope);
          }
          if (asPhone && contactNumber && DIALLED_NUMBER.test(v) && countDigits(v) >= 7) {
            scope.count++;
            return asPhone(v, scope);
          }
          // … and a contact given by name (`kontak: "Siti Nurhaliza Maharani"`): the person to reach
          if (asName && contactNumber && countDigits(v) === 0 && looksLikePersonNameValue(v) && !looksLikeOrganisation(v)) {
            scope.count++;
            rememberName(scope, v);
            return asName(v, scope);
          }
          // … also an international number written without its '+' (`to: "639156443592"`, an M-Pesa MSISDN)
          if (asPhone && dialled && DIALLED_NUMBER.test(v) && ((channelTarget && countDigits(v) >= 8) || isPhone(v, v.charCodeAt(0) === 43, scope.phoneRegions ?? regions) || (INTERNATIONAL_DIGITS.test(v) && isPhone('+' + v, true, regions)))) {
            scope.count++;
            return asPhone(v, scope);
          }
          // the sender or recipient of a message (`from: "919812345678"`, a WhatsApp or SMS webhook): digits
          // only, a valid international number once its '+' is restored — not a national number, a
          // range bound or a timestamp, which `from`/`to` hold as often
          if (asPhone && party && INTERNATIONAL_DIGITS.test(v) && isPhone('+' + v, true, regions)) {
            scope.count++;
            return asPhone(v, scope);
          }
          if (asName && always && v.length > 0 && v.length <= 120 && NAME_TEXT.test(v) && !NOT_NAME_TEXT.test(v) && !SENDER_OR_IDENTIFIER.test(v) && !VIRTUAL_AGENT.test(v) && !looksLikeOrganisation(v)) {
            scope.count++;
            rememberName(scope, v);
            return asName(v, scope);
          }
          if (asName && people && !VIRTUAL_AGENT.test(v) && (keyOnly ? isDataKey(v) && looksLikePersonName(v) : looksLikePersonNameValue(v) || SHORT_SCRIPT_NAME.test(v) || (ONE_NAME.test(v) && !SHORT_CODE.test(v) && !SENDER_OR_IDENTIFIER.test(v) && !(party && SENDER_ID.test(v)) && !looksLikeOrganisation(v)) || titledName(v))) {
            scope.count++;
            rememberName(scope, v);
            return asName(v, scope);
          }
          if (asPhone && contact && v.indexOf('@') < 0 && countDigits(v) >= 6) {
            scope.count++;
            return asPhone(v, scope);
          }
        }
        return scan(v, scope);
      };
    }
    if (!this.scanResultsCacheable) return (v, scope) => (typeof v === 'string' ? this.maskFreeText(v, scope, flags) : v);
    const site = this.nextMemoSite++;
    return (v, scope) => {
      if (typeof v !== 'string') return v;
      // a record that declares its own phone regions is scanned against them, not remembered
      if (v.length > SCAN_MEMO_MAX_LENGTH || scope.phoneRegions !== undefined) return this.maskFreeText(v, scope, flags);
      let memo = this.scanMemos.get(site);
      const hit = memo?.get(v);
      if (hit !== undefined) {
        if (hit === CLEAN) return v;
        scope.count += hit.count;
        return hit.out;
      }
      const before = scope.count;
      const out = this.maskFreeText(v, scope, flags);
      if (this.scanMemoTotal >= SCAN_MEMO_BUDGET) {
        // the whole masker's memos are bounded together: sites made at run time (untyped paths,
        // metadata keys) can be many
        this.scanMemos = new Map();
        this.scanMemoTotal = 0;
        memo = undefined;
      }
      if (!memo) this.scanMemos.set(site, (memo = new Map()));
      if (memo.size >= SCAN_MEMO_ENTRIES) {
        this.scanMemoTotal -= memo.size;
        memo.clear();
      }
      // a value with nothing in it (the common case) is remembered as CLEAN: no object per value
      memo.set(v, out === v && scope.count === before ? CLEAN : { out, count: scope.count - before });
      this.scanMemoTotal++;
      return out;
    };
  }

  /**
   * Free text through the detectors — or, when the string is a JSON object or array (tool-call
   * `arguments`, a payload serialised into a field), parsed and masked field by field as an
   * untyped value (field hints apply to its keys), then serialised again. Unchanged JSON is
   * returned as written.
   */
  private maskFreeText(v: string, scope: MaskScope, flags: ScanFlags): string {
    const first = v.charCodeAt(0);
    if ((first === 123 || first === 91) && v.length >= 2) {
      const last = v.charCodeAt(v.length - 1);
      if ((first === 123 && last === 125) || (first === 91 && last === 93)) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(v);
        } catch {
          parsed = undefined; // not JSON after all: free text
        }
        if (parsed !== null && typeof parsed === 'object') {
          const before = scope.count;
          const out = this.maskUntyped(parsed, scope);
          return scope.count === before ? v : JSON.stringify(out);
        }
      }
    }
    return this.scanner.mask(v, scope, flags);
  }

  // ---- untyped values ---------------------------------------------------------------------

  private siteMasker(methodPath: string, path: string, name: string, kind: FieldKind, parent: ObjectKind, closed = false): ValueMasker | undefined {
    const key = methodPath + '\u0000' + path + SITE_SUFFIX[kind][parent + (closed ? 8 : 0)];
    if (this.siteCache.has(key)) return this.siteCache.get(key);
    if (this.siteCache.size >= CACHE_LIMIT) this.siteCache.clear();
    const d = this.decide(methodPath, path, name, kind, undefined, parent);
    // no schema: what the detectors leave of a scanned string is redacted unless cleared
    const fn = this.toValueMasker(closed && d.kind === 'scan' && kind === 'string' ? { ...d, flags: { ...d.flags, failClosed: true } } : d);
    this.siteCache.set(key, fn);
    return fn;
  }

  /** A JSON key: field names pass (scanned when long); a key that is data (`"Joanna Kieślowska": {…}`) is masked like a value. */
  private maskKey(k: string, scope: MaskScope): string {
    if (isDataKey(k)) {
      const nameAction = this.policy.defaults.person_name;
      if (this.policy.fieldHints && nameAction !== 'keep' && looksLikePersonName(k)) {
        scope.count++;
        const out = this.strategy(nameAction, 'person_name')(k, scope);
        return typeof out === 'string' ? out : '';
      }
      return this.scanner.mask(k, scope);
    }
    if (k.length < 6) return k;
    // Field names repeat in every message of a schema and almost never hold anything: a key the
    // scan left unchanged (so nothing counted, nothing remembered) is remembered as clean and not
    // scanned again. Only under the policy's phone regions (a record declaring its own is scanned).
    const clean = scope.phoneRegions === undefined;
    if (clean && this.cleanKeys.has(k)) return k;
    const before = scope.count;
    const out = this.scanner.mask(k, scope);
    if (clean && out === k && scope.count === before) {
      if (this.cleanKeys.size >= CACHE_LIMIT) this.cleanKeys.clear();
      this.cleanKeys.add(k);
    }
    return out;
  }

  /** A jCard is masked property by property unless the policy decides its path (a rule) or fails closed (allowlist). */
  private jcardByProperty(methodPath: string, path: string): boolean {
    if (!this.policy.fieldHints || this.policy.mode === 'allowlist') return false;
    const p = normalizeFieldPath(path);
    for (const r of this.rules) if (r.method.test(methodPath) && matchesField(r.field, p)) return false;
    return true;
  }

  /**
   * Rows of a delimited export as an array of strings, the first the header (`["id,name,phone",
   * "1,Kwame Boateng,+233…"]`): each field masked by its column's hint, the others scanned.
   * Undefined when the array is not such a batch (or the policy decides its path).
   */
  private recordRows(v: unknown[], scope: MaskScope, methodPath: string, path: string): unknown[] | undefined {
    for (const el of v) if (typeof el !== 'string') return undefined;
    const header = recordHeader(v[0] as string);
    if (!header || !this.jcardByProperty(methodPath, path)) return undefined;
    return this.maskRows(v as string[], header, 1, scope);
  }

  /**
   * A table as an array of rows whose first row holds the column names (`values: [["Name", "DOB",
   * "Mobile"], ["Rommel Macaraeg", "1975-11-07", "0915…"]]`: the Sheets API, BigQuery and CSV
   * parsers): the column categories of that header, or undefined when the first row is not one.
   */
  private tableHeader(first: unknown[], methodPath: string, path: string): RecordHeader | undefined {
    if (first.length < 2 || first.length > 64) return undefined;
    for (const c of first) if (typeof c !== 'string' || c.length === 0 || c.indexOf('\t') >= 0) return undefined;
    const header = recordHeader((first as string[]).join('\t'));
    return header && this.jcardByProperty(methodPath, path) ? header : undefined;
  }

  private maskTable(v: unknown[], header: RecordHeader, scope: MaskScope, methodPath: string, path: string, name: string, depth: number, parent: ObjectKind): unknown[] {
    const out: unknown[] = [];
    const childPath = path + '[]';
    for (let i = 0; i < v.length; i++) {
      const row = v[i];
      if (i === 0 || !Array.isArray(row)) {
        const m = this.walk(row, scope, methodPath, childPath, name, depth + 1, parent, false);
        if (m !== DROP) out.push(m);
        continue;
      }
      const cells: unknown[] = [];
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        const cat = c < header.cats.length ? header.cats[c] : undefined;
        if (cat !== undefined && typeof cell === 'string' && cell.trim() !== '') cells.push(this.maskAs(cell, cat, scope));
        else {
          const m = this.walk(cell, scope, methodPath, childPath + '[]', name, depth + 2, parent, false);
          if (m !== DROP) cells.push(m);
        }
      }
      out.push(cells);
    }
    return out;
  }

  /**
   * The rows of an import whose header line is a field of its own (`{header: 'last;first;mobile',
   * rows: ['Dlamini;Nomvula;0733…', …]}`): a sibling array of strings whose first row splits into
   * as many fields as the header has columns gets the header's column categories.
   */
  private headedRows(obj: Record<string, unknown>, keys: readonly string[], methodPath: string, path: string): Map<string, RecordHeader> | undefined {
    let header: RecordHeader | undefined;
    let headerKey = '';
    for (const k of keys) {
      const x = obj[k];
      if (typeof x === 'string' && x.length >= 3 && x.length <= 2000 && HEADER_KEY.test(k)) {
        header = recordHeader(x);
        if (header) {
          headerKey = k;
          break;
        }
      }
    }
    if (!header || !this.jcardByProperty(methodPath, path)) return undefined;
    let found: Map<string, RecordHeader> | undefined;
    for (const k of keys) {
      const x = obj[k];
      if (k === headerKey || !Array.isArray(x) || x.length === 0 || !x.every((e) => typeof e === 'string')) continue;
      if (recordFields(x[0], 0, x[0].length, header.sep).length / 2 !== header.cats.length) continue;
      (found ??= new Map()).set(k, header);
    }
    return found;
  }

  private maskRows(v: readonly string[], header: RecordHeader, first: number, scope: MaskScope): unknown[] {
    // the header line goes through the detectors too: a line taken for column names may be text
    // that happens to split into name-like columns ('please 001-01-0001 , contact')
    const out: unknown[] = v.slice(0, first).map((h) => this.scanner.mask(h, scope));
    for (let i = first; i < v.length; i++) {
      const row = v[i] as string;
      const f = recordFields(row, 0, row.length, header.sep);
      let masked = '';
      let at = 0;
      for (let c = 0; c < f.length / 2; c++) {
        const s = f[2 * c];
        const e = f[2 * c + 1];
        masked += row.slice(at, s);
        const field = row.slice(s, e);
        const cat = c < header.cats.length ? header.cats[c] : undefined;
        masked += field.trim() === '' ? field : cat !== undefined ? this.maskAs(field, cat, scope) : this.scanner.mask(field, scope);
        at = e;
      }
      out.push(masked + row.slice(at));
    }
    return out;
  }

  /** The string leaves of an answer (a message object or its text) with a date at their start masked as a birth date. */
  private maskLeadingDates(v: unknown, scope: MaskScope, depth: number): unknown {
    if (typeof v === 'string') {
      const d = leadingDate(v);
      if (!d) return v;
      const masked = this.maskAs(v.slice(d.start, d.end), 'date_of_birth', scope);
      return v.slice(0, d.start) + masked + v.slice(d.end);
    }
    if (v === null || typeof v !== 'object' || depth >= 2 || Array.isArray(v)) return v;
    // only the message's text (`text`, `body`, `content`): its `sentAt` or `date` is no answer
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = typeof x === 'string' && !isContentLikeName(k) ? x : this.maskLeadingDates(x, scope, depth + 1);
    return out;
  }

  private maskAs(value: string, category: Category, scope: MaskScope): string {
    const a = this.policy.defaults[category];
    if (a === 'keep') return value;
    scope.count++;
    const out = this.strategy(a, category)(value, scope);
    return typeof out === 'string' ? out : '';
  }

  private maskJCardValue(card: JCard, scope: MaskScope): unknown {
    return maskJCard(card, (value, action) => {
      if (action === 'keep') return value;
      if (action === 'scan') return this.scanner.mask(value, scope);
      const a = this.policy.defaults[action];
      if (a === 'keep') return value;
      scope.count++;
      const out = this.strategy(a, action)(value, scope);
      return typeof out === 'string' ? out : '';
    });
  }

  private walk(v: unknown, scope: MaskScope, methodPath: string, path: string, name: string, depth: number, parent: ObjectKind = ObjectKind.None, closed = false): unknown {
    if (v === null || v === undefined) return v;
    if (depth > 64) return '[REDACTED:unclassified]';
    switch (typeof v) {
      case 'string': {
        const fn = this.siteMasker(methodPath, path, name, 'string', parent, closed);
        if (!fn) return v;
        const out = fn(v, scope);
        return out;
      }
      case 'number':
      case 'bigint': {
        // no schema: a number may be a card or a phone in a field so named; treat its text like a string
        const text = String(v);
        const fn = this.siteMasker(methodPath, path, name, this.policy.mode === 'allowlist' ? 'double' : 'string', parent);
        if (!fn) return typeof v === 'bigint' ? text : v;
        const out = fn(text, scope);
        return out === text ? (typeof v === 'bigint' ? text : v) : out;
      }
      case 'boolean': {
        const fn = this.siteMasker(methodPath, path, name, 'bool', parent);
        return fn ? fn(v, scope) : v;
      }
      case 'object': {
        if (Array.isArray(v)) {
          if (!closed && isJCard(v) && this.jcardByProperty(methodPath, path)) return this.maskJCardValue(v, scope);
          if (!closed && v.length >= 2 && typeof v[0] === 'string') {
            const rows = this.recordRows(v, scope, methodPath, path);
            if (rows) return rows;
          }
          const table = !closed && v.length >= 2 && Array.isArray(v[0]) ? this.tableHeader(v[0] as unknown[], methodPath, path) : undefined;
          if (table) return this.maskTable(v, table, scope, methodPath, path, name, depth, parent);
          const out: unknown[] = [];
          const childPath = path + '[]';
          // a transcript: the message after one asking for a birth date answers with it ('… Ihr
          // Geburtsdatum nennen?' → '7. Dezember 1942. …'), a date no cue precedes in its own text
          const answersBirthDate = this.policy.defaults.date_of_birth !== 'keep';
          let asked = false;
          for (const el of v) {
            let m = this.walk(el, scope, methodPath, childPath, name, depth + 1, parent, closed);
            if (asked && m !== DROP) m = this.maskLeadingDates(m, scope, 0);
            if (answersBirthDate) asked = asksInside(el, 0);
            if (m !== DROP) out.push(m);
          }
          return out;
        }
        const obj = v as Record<string, unknown>;
        const keys = Object.keys(obj);
        const wrapped = protobufJsonWrapper(obj, keys);
        if (wrapped !== undefined) {
          // google.protobuf.Struct/Value/ListValue as protobufjs objects ({fields}, {stringValue, kind}, {values}):
          // the wrapper is kept, and its content decided under the field that holds it
          const m = this.walk(obj[wrapped], scope, methodPath, path, name, depth + 1, parent, closed);
          const out: Record<string, unknown> = {};
          for (const k of keys) out[k] = k === wrapped ? m : obj[k];
          if (m === DROP) delete out[wrapped];
          return out;
        }
        const typeValue = typeof obj['@type'] === 'string' ? (obj['@type'] as string) : typeof obj.resourceType === 'string' ? (obj.resourceType as string) : undefined;
        const kind = this.policy.fieldHints ? objectKind(name, keys, parent, typeValue) : ObjectKind.None;
        // a key/value list element ({key: 'lastName', value: …}): the value is judged by its label
        const pair = this.policy.fieldHints ? labelledValue(obj, keys) : undefined;
        const headed = this.policy.fieldHints && !closed ? this.headedRows(obj, keys, methodPath, path) : undefined;
        const out: Record<string, unknown> = {};
        for (const k of keys) {
          const child = obj[k];
          const rowsHeader = headed?.get(k);
          if (rowsHeader !== undefined) {
            out[k] = this.maskRows(child as string[], rowsHeader, 0, scope);
            continue;
          }
          const labelled = pair !== undefined && pair.valueKeys.includes(k);
          const childPath = (path ? path + '.' : '') + (labelled ? pair.label : k);
          // an XML text node or a generic value key says nothing of its own: the key holding the
          // object does (`StreetName: [{_: 'Södra Vägen 74'}]`, `birthdays: [{text: '08/19/1961'}]`)
          const childName = labelled ? pair.label : this.policy.fieldHints && inheritsKey(k, name) ? name! : k;
          const m = this.walk(child, scope, methodPath, childPath, childName, depth + 1, labelled ? ObjectKind.None : kind, closed);
          if (m === DROP) continue;
          let key = this.maskKey(k, scope);
          while (key !== k && key in out) key += '#';
          out[key] = m;
        }
        return out;
      }
      default:
        return undefined;
    }
  }
}

/** Keys that only hold the value of the object they are in: XML-to-JSON text nodes and generic value fields. */
// DICOM JSON: `{"00100010": {"vr": "PN", "Value": [{"Alphabetic": "YAMAGUCHI^DAIKI"}]}}` — the tag names the value
const INHERITING_KEYS: ReadonlySet<string> = new Set(['_', '#text', '$t', '__text', '#value', 'text', 'value', 'val', 'formatted', 'formattedValue', 'displayValue', 'Value', 'Alphabetic', 'Ideographic', 'Phonetic']);

/** `key` takes the hint of `holder` (the key holding its object): it has none of its own and the holder has one. */
function inheritsKey(key: string, holder: string | undefined): boolean {
  if (holder === undefined) return false;
  // `DateOfBirth: { Date: '1958-03-30' }`: a date inside a date of birth is that date (and only there: a date says nothing of a phone or a name)
  if (key === 'Date' || key === 'date' || key === 'DATE') return hintForFieldName(holder) === 'date_of_birth';
  return INHERITING_KEYS.has(key) && hintForFieldName(key) === undefined && hintForFieldName(holder) !== undefined;
}

/** The kind of the object declaring a typed field: from its message type and the field that holds it. */
function typedParentKind(site: FieldSite): ObjectKind {
  const segs = normalizeFieldPath(site.fieldPath).split('.');
  const parentKey = segs.length >= 2 ? segs[segs.length - 2] : '';
  return objectKind(parentKey, [], ObjectKind.None, site.typeName);
}

const VALUE_KEYS: ReadonlySet<string> = new Set(['nullValue', 'numberValue', 'stringValue', 'boolValue', 'structValue', 'listValue']);

/**
 * The key holding the content of a protobufjs google.protobuf.Struct (`{fields}`), ListValue
 * (`{values}`) or Value (`{stringValue}`, with `kind` naming the oneof), or undefined.
 */
function protobufJsonWrapper(obj: Record<string, unknown>, keys: readonly string[]): string | undefined {
  if (keys.length === 1) {
    const k = keys[0];
    if (k === 'fields' && obj.fields !== null && typeof obj.fields === 'object' && !Array.isArray(obj.fields)) return k;
    if (k === 'values' && Array.isArray(obj.values)) return k;
    return VALUE_KEYS.has(k) ? k : undefined;
  }
  if (keys.length === 2 && typeof obj.kind === 'string' && VALUE_KEYS.has(obj.kind) && keys.includes(obj.kind)) return obj.kind;
  return undefined;
}

/** One capitalised word (`Gemma`, `ÉTIENNE`) where people are held: a given name or a surname alone. */
const ONE_NAME = /^\p{Lu}[\p{L}\p{M}'’-]{1,40}$/u;
/** A family or given name of one or two Han or Hangul characters (`김`, `민준`, `王`), where people are held. */
const SHORT_SCRIPT_NAME = /^[\p{Script=Han}\p{Script=Hangul}]{1,2}$/u;
/** Two or three capitals: an airport, country or currency code (`from: 'FRA'`), not a name. */
/** … or a bank's BIC (`HABBPKKAXXX`, `BARCGB22`: bank, country, location, branch), as `sender`/`receiver` of a SWIFT message hold. */
const SHORT_CODE = /^(?:[A-Z]{2,3}|[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)$/;
/**
 * A one-word value that is a sender id or an identifier, not a name, where people are held:
 * upper-case ASCII with a letter code before a dash (`AX-HDFCBK`, the Indian SMS header form), or
 * a CamelCase word of three humps or more (`UpdateContactDetails`), or a role as an enum value
 * (`author: 'CUSTOMER'`). A surname alone in capitals
 * (`KOWALSKI`) still counts as a name.
 */
const SENDER_OR_IDENTIFIER = /^[A-Z]{2}-[A-Z0-9]{3,}$|^\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+){2,}$|^(?:CUSTOMER|AGENT|USER|SYSTEM|BOT|ADMIN|OPERATOR|SUPPORT|ASSISTANT|SERVER|CLIENT|UNKNOWN|ANONYMOUS|GUEST|NONE)$/u;

/** An SMS sender id (`DARAZ`, `VM-SWIGGY` is caught above): up to eleven capitals and digits, as the networks allow, in a message's from/sender. */
const SENDER_ID = /^[A-Z][A-Z0-9]{2,10}$/;

/** The name of a bot or a virtual assistant where a person's name would stand (`Asistente Virtual`, `Support Bot`, `Virtual Agent`). */
const VIRTUAL_AGENT = /(?:^|\s)(?:bot|chatbot|assistant|asistente|assistente|assistent|assistente virtuale|virtual|virtuel|virtuelle|automated|automático|automatico)(?:$|\s)/i;

/** A person's `name` holds letters; resource names (`users/42`), ids, e-mails and URLs are left to the detectors. */
const NAME_TEXT = /\p{L}/u;
const NOT_NAME_TEXT = /[/@:=_]|\d{3}|^[0-9a-f-]{8,}$/i;

/** Whether a transcript element (a string, or an object holding the message text) asks for a birth date. */
function asksInside(el: unknown, depth: number): boolean {
  if (typeof el === 'string') return asksForBirthDate(el);
  if (el === null || typeof el !== 'object' || depth >= 2 || Array.isArray(el)) return false;
  for (const k in el as Record<string, unknown>) if (asksInside((el as Record<string, unknown>)[k], depth + 1)) return true;
  return false;
}

/** Text of a message rather than one address or number: several lines, or a long run of words. */
function isMessageText(v: string): boolean {
  if (v.length < 48) return false;
  if (v.indexOf('\n') >= 0) return true;
  let spaces = 0;
  for (let i = 0; i < v.length && spaces < 8; i++) if (v.charCodeAt(i) === 32) spaces++;
  return spaces >= 8;
}

import type { SpanBody } from './span-to-record';
import type { TypedAttributes, TypedValue } from './typed-value';

/**
 * Canonical JSON of a span body, written directly from its known shape.
 *
 * Same bytes as `canonicalJson(body)` (keys in UTF-16 code unit order, no whitespace, undefined
 * members left out), but without the generic walk: the body's own keys and those of its events,
 * links, status, resource and scope are fixed by `draftSpan`, so they are written here in their
 * sorted order as literals, and only attribute maps (keys chosen by the sender) are sorted at run
 * time. The generic path copied every object into key order before one `JSON.stringify` — about a
 * fifth of the collector's receive thread with its garbage; this one allocates the output string
 * and one key array per attribute map. Strings go through `JSON.stringify` so escaping is the
 * same as the reference; test/collector/span-body-json.test.ts holds the two equal on generated
 * bodies, guard-masked ones included.
 */
export function spanBodyJson(b: SpanBody): string {
  // Sorted: attributes collectorMaskedCount droppedAttributesCount droppedEventsCount
  // droppedLinksCount endTimeUnixNano events flags kind links name parentSpanId resource scope
  // spanId startTimeUnixNano status traceId traceState
  let s = '{"attributes":' + attributesJson(b.attributes);
  if (b.collectorMaskedCount !== undefined) s += ',"collectorMaskedCount":' + num(b.collectorMaskedCount);
  if (b.droppedAttributesCount !== undefined) s += ',"droppedAttributesCount":' + num(b.droppedAttributesCount);
  if (b.droppedEventsCount !== undefined) s += ',"droppedEventsCount":' + num(b.droppedEventsCount);
  if (b.droppedLinksCount !== undefined) s += ',"droppedLinksCount":' + num(b.droppedLinksCount);
  s += ',"endTimeUnixNano":' + JSON.stringify(b.endTimeUnixNano) + ',"events":[';
  for (let i = 0; i < b.events.length; i++) {
    const e = b.events[i];
    if (i > 0) s += ',';
    // attributes droppedAttributesCount name timeUnixNano
    s += '{"attributes":' + attributesJson(e.attributes);
    if (e.droppedAttributesCount !== undefined) s += ',"droppedAttributesCount":' + num(e.droppedAttributesCount);
    s += ',"name":' + JSON.stringify(e.name) + ',"timeUnixNano":' + JSON.stringify(e.timeUnixNano) + '}';
  }
  s += ']';
  if (b.flags !== undefined) s += ',"flags":' + num(b.flags);
  s += ',"kind":' + JSON.stringify(b.kind) + ',"links":[';
  for (let i = 0; i < b.links.length; i++) {
    const l = b.links[i];
    if (i > 0) s += ',';
    // attributes droppedAttributesCount flags spanId traceId traceState
    s += '{"attributes":' + attributesJson(l.attributes);
    if (l.droppedAttributesCount !== undefined) s += ',"droppedAttributesCount":' + num(l.droppedAttributesCount);
    if (l.flags !== undefined) s += ',"flags":' + num(l.flags);
    s += ',"spanId":' + JSON.stringify(l.spanId) + ',"traceId":' + JSON.stringify(l.traceId);
    if (l.traceState !== undefined) s += ',"traceState":' + JSON.stringify(l.traceState);
    s += '}';
  }
  s += '],"name":' + JSON.stringify(b.name);
  if (b.parentSpanId !== undefined) s += ',"parentSpanId":' + JSON.stringify(b.parentSpanId);
  // resource: attributes droppedAttributesCount schemaUrl
  const r = b.resource;
  s += ',"resource":{"attributes":' + sharedAttributesJson(r.attributes);
  if (r.droppedAttributesCount !== undefined) s += ',"droppedAttributesCount":' + num(r.droppedAttributesCount);
  if (r.schemaUrl !== undefined) s += ',"schemaUrl":' + JSON.stringify(r.schemaUrl);
  // scope: attributes droppedAttributesCount name schemaUrl version
  const c = b.scope;
  s += '},"scope":{';
  let sep = '';
  if (c.attributes !== undefined) {
    s += '"attributes":' + attributesJson(c.attributes);
    sep = ',';
  }
  if (c.droppedAttributesCount !== undefined) {
    s += sep + '"droppedAttributesCount":' + num(c.droppedAttributesCount);
    sep = ',';
  }
  s += sep + '"name":' + JSON.stringify(c.name);
  if (c.schemaUrl !== undefined) s += ',"schemaUrl":' + JSON.stringify(c.schemaUrl);
  if (c.version !== undefined) s += ',"version":' + JSON.stringify(c.version);
  s += '},"spanId":' + JSON.stringify(b.spanId) + ',"startTimeUnixNano":' + JSON.stringify(b.startTimeUnixNano);
  // status: code message
  s += ',"status":{"code":' + JSON.stringify(b.status.code);
  if (b.status.message !== undefined) s += ',"message":' + JSON.stringify(b.status.message);
  s += '},"traceId":' + JSON.stringify(b.traceId);
  if (b.traceState !== undefined) s += ',"traceState":' + JSON.stringify(b.traceState);
  return s + '}';
}

/**
 * Resource attributes are one object shared by every span of the resource (span-to-record
 * `resourceContext`) and nothing masks them: rendered once per object, not once per span.
 */
const sharedJson = new WeakMap<TypedAttributes, string>();

function sharedAttributesJson(attrs: TypedAttributes): string {
  let s = sharedJson.get(attrs);
  if (s === undefined) {
    s = attributesJson(attrs);
    sharedJson.set(attrs, s);
  }
  return s;
}

/** JSON of attribute keys seen recently: a fleet's spans repeat a few dozen keys (bounded: cleared when full). */
const keyJsonCache = new Map<string, string>();
const KEY_CACHE_MAX = 4096;

function keyJson(k: string): string {
  let s = keyJsonCache.get(k);
  if (s === undefined) {
    s = JSON.stringify(k);
    if (k.length <= 128) {
      if (keyJsonCache.size >= KEY_CACHE_MAX) keyJsonCache.clear();
      keyJsonCache.set(k, s);
    }
  }
  return s;
}

function attributesJson(attrs: TypedAttributes): string {
  const keys = Object.keys(attrs);
  if (keys.length > 1) keys.sort();
  let s = '{';
  let sep = '';
  for (let i = 0; i < keys.length; i++) {
    const v = attrs[keys[i]];
    if (v === undefined) continue;
    s += sep + keyJson(keys[i]) + ':' + valueJson(v);
    sep = ',';
  }
  return s + '}';
}

/** A typed value is `null` or an object with exactly one member naming its type. */
function valueJson(v: TypedValue): string {
  if (v === null) return 'null';
  if ('stringValue' in v) return '{"stringValue":' + JSON.stringify(v.stringValue) + '}';
  if ('intValue' in v) return '{"intValue":' + JSON.stringify(v.intValue) + '}';
  if ('boolValue' in v) return v.boolValue ? '{"boolValue":true}' : '{"boolValue":false}';
  if ('doubleValue' in v) return '{"doubleValue":' + (typeof v.doubleValue === 'number' ? num(v.doubleValue) : JSON.stringify(v.doubleValue)) + '}';
  if ('bytesValue' in v) return '{"bytesValue":' + JSON.stringify(v.bytesValue) + '}';
  if ('arrayValue' in v) {
    let s = '{"arrayValue":[';
    for (let i = 0; i < v.arrayValue.length; i++) {
      const x = v.arrayValue[i];
      s += (i > 0 ? ',' : '') + (x === undefined ? 'null' : valueJson(x));
    }
    return s + ']}';
  }
  if ('kvlistValue' in v) return '{"kvlistValue":' + attributesJson(v.kvlistValue) + '}';
  throw new TypeError('span body: attribute value of unknown type');
}

function num(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError('canonicalJson: non-finite number');
  return JSON.stringify(n);
}

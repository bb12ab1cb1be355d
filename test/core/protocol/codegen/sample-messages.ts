/**
 * Test-side sample builder: straight from the schema JSON (not from the generator's model), a
 * message object for one version with every field that is on the wire in that version set to a
 * value different from its default, and the defaults a decoder must fill in for the others.
 *
 * Two variants: `values` (no nulls, every array has 2 elements) and `nulls` (null wherever the
 * version allows it, so null encodings are exercised too).
 */
import { MessageSchema, SchemaField, SchemaStruct, parseVersions } from '../../../../core/protocol/codegen/schema.js';

export type SampleVariant = 'values' | 'nulls';
export type Sample = Record<string, unknown>;

const PRIMITIVES = new Set(['bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64', 'string', 'bytes', 'records', 'uuid']);
// Big enough that the writer hands it over as a chunk of its own instead of copying it.
const RECORDS_BYTES = 5000;

function inRange(spec: string | undefined, version: number): boolean {
  if (spec === undefined) return false;
  const r = parseVersions(spec);
  return version >= r.min && version <= r.max;
}

function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Whether `field` is on the wire in `version` (tagged fields only in their taggedVersions). */
export function onWire(field: SchemaField, version: number): boolean {
  return inRange(field.versions, version) && (field.tag === undefined || inRange(field.taggedVersions, version));
}

/** Resolves struct types: inline `fields` or the message's commonStructs. */
export function structFields(schema: MessageSchema, field: SchemaField): SchemaField[] | undefined {
  const inner = field.type.replace(/^\[\]/, '');
  if (PRIMITIVES.has(inner)) return undefined;
  const fields = field.fields ?? (schema.commonStructs ?? []).find((s: SchemaStruct) => s.name === inner)?.fields;
  if (!fields) throw new Error(`${schema.name}: cannot resolve ${field.type}`);
  return fields;
}

/** The value a decoder must produce for `field` when it is not on the wire. */
export function defaultValue(schema: MessageSchema, field: SchemaField, version: number): unknown {
  const d = field.default;
  if (d === 'null') return null;
  if (field.type.startsWith('[]')) return [];
  const nested = structFields(schema, field);
  if (nested) return Object.fromEntries(nested.map((f) => [camel(f.name), defaultValue(schema, f, version)]));
  switch (field.type) {
    case 'bool':
      return d === true || d === 'true';
    case 'int64':
      return BigInt(d ?? 0);
    case 'string':
      return d === undefined ? '' : String(d);
    case 'bytes':
      return Buffer.alloc(0);
    case 'records':
      return field.nullableVersions ? null : Buffer.alloc(0);
    case 'uuid':
      return Buffer.alloc(16);
    default:
      return Number(d ?? 0);
  }
}

class Builder {
  private counter = 0;
  constructor(
    private readonly schema: MessageSchema,
    private readonly version: number,
    private readonly variant: SampleVariant,
  ) {}

  struct(fields: SchemaField[]): Sample {
    const out: Sample = {};
    for (const f of fields) if (onWire(f, this.version)) out[camel(f.name)] = this.field(f);
    return out;
  }

  private field(f: SchemaField): unknown {
    if (this.variant === 'nulls' && inRange(f.nullableVersions, this.version)) return null;
    const nested = structFields(this.schema, f);
    if (f.type.startsWith('[]')) {
      const elem = f.type.slice(2);
      return [0, 1].map(() => (nested ? this.struct(nested) : this.primitive(elem, undefined)));
    }
    return nested ? this.struct(nested) : this.primitive(f.type, f.default);
  }

  private primitive(type: string, given: string | number | boolean | undefined): unknown {
    const n = ++this.counter;
    // Values from a counter, skipping the field's default so tagged fields always go on the wire.
    const pick = (v: number, max: number): number => (String(v) === String(Number(given ?? 0)) ? (v % max) + 1 : v);
    switch (type) {
      case 'bool':
        return !(given === true || given === 'true');
      case 'int8':
        return pick(n % 100 + 2, 120);
      case 'int16':
      case 'uint16':
        return pick(n + 1000, 30000);
      case 'int32':
      case 'uint32':
        return pick(n * 1000 + 7, 2 ** 30);
      case 'int64':
        return BigInt(pick(n, 2 ** 40)) * 10_000_000_000n + 3n;
      case 'float64':
        return n + 0.25;
      case 'string':
        // Alternate ASCII and multi-byte UTF-8 so both string paths are covered.
        return n % 2 === 0 ? `s-${n}` : `ß→${n}`;
      case 'bytes':
        return Buffer.from([n & 0xff, (n + 1) & 0xff, (n + 2) & 0xff]);
      case 'records':
        return Buffer.alloc(RECORDS_BYTES, n & 0xff);
      case 'uuid':
        return Buffer.alloc(16, (n % 250) + 1);
      default:
        throw new Error(`unknown primitive ${type}`);
    }
  }
}

/** A sample of `schema` in `version`: only fields on the wire in that version are set. */
export function sampleMessage(schema: MessageSchema, version: number, variant: SampleVariant): Sample {
  return new Builder(schema, version, variant).struct(schema.fields);
}

/**
 * What a decoder must return for `sample`: the sample's values, plus the schema default for every
 * other field the decoded object carries (a decoded field the schema does not have is an error).
 */
export function expectedDecoded(schema: MessageSchema, fields: SchemaField[], decoded: Sample, sample: Sample, version: number): Sample {
  const out: Sample = {};
  for (const [key, value] of Object.entries(decoded)) {
    const field = fields.find((f) => camel(f.name) === key);
    if (!field) throw new Error(`${schema.name}: decoded field ${key} is not in the schema`);
    const nested = structFields(schema, field);
    const given = sample[key];
    if (!(key in sample)) out[key] = defaultValue(schema, field, version);
    else if (nested && Array.isArray(value) && Array.isArray(given)) {
      out[key] = given.map((g, i) => expectedDecoded(schema, nested, value[i] as Sample, g as Sample, version));
    } else if (nested && value !== null && given !== null && typeof value === 'object') {
      out[key] = expectedDecoded(schema, nested, value as Sample, given as Sample, version);
    } else out[key] = given;
  }
  // A sample field the decoder dropped stays in, so the deep-equal reports it.
  for (const key of Object.keys(sample)) if (!(key in out)) out[key] = sample[key];
  return out;
}

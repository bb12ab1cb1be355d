/**
 * Resolves one message schema into the tree the codec emitters walk: every struct with the
 * TypeScript name emit-types.ts gave it, and every field with its wire versions, nullability,
 * compactness, tag and default already worked out.
 *
 * Structs are visited in the same order, with the same first-use version range, as
 * emit-types.ts visits them, so a decoder builds exactly the fields its interface declares.
 */
import { camel, structRanges } from './emit-types.js';
import { MessageSchema, SchemaField, SchemaStruct, VersionRange, parseVersions } from './schema.js';

/** Wire types that are not structs. */
export const PRIMITIVES = new Set([
  'bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64', 'string', 'bytes', 'records', 'uuid',
]);

const TS_TYPES: Record<string, string> = {
  bool: 'boolean', int8: 'number', int16: 'number', uint16: 'number', int32: 'number', uint32: 'number',
  int64: 'bigint', float64: 'number', string: 'string', bytes: 'Buffer', records: 'Buffer', uuid: 'Buffer',
};

/** One field of a struct, with everything the emitters need to read or write it. */
export interface FieldModel {
  schemaName: string;
  /** Property name in the interface. */
  prop: string;
  /** Constant path used in error messages, e.g. `FetchRequest.topics[].partitions[].fetchOffset`. */
  path: string;
  /** Versions in which the field is on the wire (within the message's validVersions). */
  versions: VersionRange;
  /** Versions in which null may be sent (empty if never). */
  nullable: VersionRange;
  /** Versions in which the field uses compact encodings: the message's, unless the field overrides them. */
  compact: VersionRange;
  tag: number | undefined;
  isArray: boolean;
  /** Primitive wire type of the value or of each element; undefined for structs. */
  primitive: string | undefined;
  struct: StructModel | undefined;
  /** The value's TypeScript type exactly as the interface declares it (without `?`). */
  tsType: string;
  /** The TypeScript type of the value, or of one element of an array, without `| null`. */
  baseType: string;
  optional: boolean;
  /** A TypeScript expression for the field's default value (a fresh object for arrays/buffers/structs). */
  defaultExpr: string;
  /** True when the default is null. */
  defaultNull: boolean;
}

/** One struct (the message body, an array element or a nested struct) and its fields in wire order. */
export interface StructModel {
  schemaName: string;
  tsName: string;
  path: string;
  /** Versions of the first use: what the interface was generated for. */
  range: VersionRange;
  fields: FieldModel[];
  /** A `defaultX()` factory is needed (a single struct field defaults to it). */
  needsDefault: boolean;
  /** An `isDefaultX()` check is needed (a tagged struct field is omitted when default). */
  needsIsDefault: boolean;
}

/** One message schema resolved for the codec emitters. */
export interface MessageModel {
  name: string;
  valid: VersionRange;
  flexible: VersionRange;
  root: StructModel;
  /** Every struct, children before parents (emit-types.ts order). */
  structs: StructModel[];
}

/** The empty version range (`"none"`). */
export const NONE: VersionRange = { min: 1, max: 0 };

/** Whether two version ranges share a version (empty ranges share none). */
export function overlaps(a: VersionRange, b: VersionRange): boolean {
  return a.min <= b.max && b.min <= a.max && a.min <= a.max && b.min <= b.max;
}

/** Whether `outer` contains every version of `inner`. */
export function covers(outer: VersionRange, inner: VersionRange): boolean {
  return outer.min <= inner.min && outer.max >= inner.max;
}

/** The versions in both ranges (possibly empty: min > max). */
export function intersect(a: VersionRange, b: VersionRange): VersionRange {
  return { min: Math.max(a.min, b.min), max: Math.min(a.max, b.max) };
}

interface Context {
  message: MessageSchema;
  file: string;
  valid: VersionRange;
  flexible: VersionRange;
  common: Map<string, SchemaStruct>;
  structs: Map<string, StructModel>;
  ranges: Map<string, VersionRange>;
  order: StructModel[];
  taken: ReadonlySet<string>;
}

/** Builds the codec model of `message`; `taken` holds struct names the request already declared. */
export function buildModel(message: MessageSchema, file: string, taken: ReadonlySet<string> = new Set()): MessageModel {
  const valid = parseVersions(message.validVersions);
  const ctx: Context = {
    message,
    file,
    valid,
    flexible: intersect(parseVersions(message.flexibleVersions), valid),
    common: new Map((message.commonStructs ?? []).map((s) => [s.name, s])),
    structs: new Map(),
    ranges: structRanges(message),
    order: [],
    taken,
  };
  const root = visitStruct({ name: message.name, versions: message.validVersions, fields: message.fields }, valid, message.name, ctx);
  markIsDefault(ctx.order);
  return { name: message.name, valid, flexible: ctx.flexible, root, structs: ctx.order };
}

function visitStruct(schema: SchemaStruct, range: VersionRange, path: string, ctx: Context): StructModel {
  const seen = ctx.structs.get(schema.name);
  if (seen) {
    assertSameShape(seen, schema, range, ctx);
    return seen;
  }
  const tsName = ctx.taken.has(schema.name) ? `${ctx.message.name}${schema.name}` : schema.name;
  const model: StructModel = { schemaName: schema.name, tsName, path, range, fields: [], needsDefault: false, needsIsDefault: false };
  ctx.structs.set(schema.name, model);
  for (const field of schema.fields) {
    if (overlaps(parseVersions(field.versions), range)) model.fields.push(fieldModel(field, model, ctx));
  }
  ctx.order.push(model);
  return model;
}

// A struct used from two places shares one interface (the first use's): the second use must not
// put a field on the wire that the interface lacks.
function assertSameShape(seen: StructModel, schema: SchemaStruct, range: VersionRange, ctx: Context): void {
  for (const field of schema.fields) {
    if (!overlaps(parseVersions(field.versions), range)) continue;
    if (!seen.fields.some((f) => f.schemaName === field.name)) {
      throw new Error(`${ctx.file}: struct ${schema.name} is used with field ${field.name} that its first use lacks`);
    }
  }
}

function fieldModel(field: SchemaField, parent: StructModel, ctx: Context): FieldModel {
  const isArray = field.type.startsWith('[]');
  const inner = isArray ? field.type.slice(2) : field.type;
  const declared = parseVersions(field.versions);
  const prop = camel(field.name);
  const path = `${parent.path}.${prop}`;
  let struct: StructModel | undefined;
  if (!PRIMITIVES.has(inner)) {
    const schema = field.fields ? { name: inner, versions: field.versions, fields: field.fields } : ctx.common.get(inner);
    if (!schema) throw new Error(`${ctx.file}: field ${field.name} has unknown type ${inner}`);
    const range = ctx.ranges.get(inner) ?? intersect(parent.range, declared);
    struct = visitStruct(schema, range, isArray ? `${path}[]` : path, ctx);
  }
  const nullable = field.nullableVersions ? intersect(parseVersions(field.nullableVersions), ctx.valid) : NONE;
  const base = struct ? struct.tsName : TS_TYPES[inner];
  const typeNullable = field.nullableVersions !== undefined && overlaps(parseVersions(field.nullableVersions), parent.range);
  const tsType = `${isArray ? `${base}[]` : base}${typeNullable ? ' | null' : ''}`;
  const model: FieldModel = {
    schemaName: field.name,
    prop,
    path,
    // A tagged field is on the wire (in the tagged section) only in its taggedVersions.
    versions: intersect(field.taggedVersions ? intersect(declared, parseVersions(field.taggedVersions)) : declared, ctx.valid),
    nullable,
    compact: field.flexibleVersions ? intersect(parseVersions(field.flexibleVersions), ctx.valid) : ctx.flexible,
    tag: field.tag,
    isArray,
    primitive: struct ? undefined : inner,
    struct,
    tsType,
    baseType: base,
    optional: field.tag !== undefined || !covers(declared, parent.range),
    defaultExpr: '',
    defaultNull: false,
  };
  setDefault(model, field, typeNullable, ctx);
  return model;
}

function setDefault(model: FieldModel, field: SchemaField, typeNullable: boolean, ctx: Context): void {
  const given = field.default;
  // Kafka's records fields default to null (MemoryRecords has no "empty" default).
  const isNull = given === 'null' || (given === undefined && model.primitive === 'records' && typeNullable);
  if (isNull) {
    if (!typeNullable) throw new Error(`${ctx.file}: ${model.path} defaults to null but is never nullable`);
    model.defaultExpr = 'null';
    model.defaultNull = true;
    return;
  }
  model.defaultExpr = defaultLiteral(model, given, ctx);
}

function defaultLiteral(model: FieldModel, given: string | number | boolean | undefined, ctx: Context): string {
  if (model.isArray) return '[]';
  if (model.struct) {
    model.struct.needsDefault = true;
    return `default${model.struct.tsName}()`;
  }
  switch (model.primitive) {
    case 'bool':
      return String(given === true || given === 'true');
    case 'int64':
      return `${BigInt(given ?? 0)}n`;
    case 'string':
      return JSON.stringify(given === undefined ? '' : String(given));
    case 'bytes':
    case 'records':
      return 'Buffer.alloc(0)';
    case 'uuid':
      return 'Buffer.alloc(16)';
    default: {
      const n = Number(given ?? 0);
      if (!Number.isFinite(n)) throw new Error(`${ctx.file}: ${model.path} has a non-numeric default ${String(given)}`);
      return String(n);
    }
  }
}

// isDefaultX() of a struct compares its nested single structs with isDefaultY(): propagate.
function markIsDefault(structs: StructModel[]): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const s of structs) {
      for (const f of s.fields) {
        const child = f.struct;
        const wanted = child !== undefined && !f.isArray && !f.defaultNull && (s.needsIsDefault || f.tag !== undefined);
        if (wanted && !child.needsIsDefault) {
          child.needsIsDefault = true;
          changed = true;
        }
      }
    }
  }
}

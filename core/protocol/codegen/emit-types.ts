/**
 * Emits TypeScript interfaces for one request/response pair. Field names are Kafka's schema
 * names in lowerCamelCase (`GenerationIdOrMemberEpoch` → `generationIdOrMemberEpoch`). A field
 * that is on the wire in every valid version is required; one that exists only in some versions,
 * or is tagged, is optional (decoders fill the schema default).
 */
import { MessageSchema, SchemaField, SchemaStruct, VersionRange, parseVersions } from './schema.js';

export function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

const primitive: Record<string, string> = {
  bool: 'boolean',
  int8: 'number',
  int16: 'number',
  uint16: 'number',
  int32: 'number',
  uint32: 'number',
  int64: 'bigint',
  float64: 'number',
  string: 'string',
  bytes: 'Buffer',
  records: 'Buffer',
  uuid: 'Buffer',
};

function covers(field: VersionRange, message: VersionRange): boolean {
  return field.min <= message.min && field.max >= message.max;
}

function overlaps(a: VersionRange, b: VersionRange): boolean {
  return a.min <= b.max && b.min <= a.max;
}

/**
 * The versions in which each named struct of `message` occurs: the hull of all its uses. A common
 * struct can be used by fields with different version ranges (LeaderAndIsrPartitionState: 0-1 and
 * 2+), and its one interface, and its one codec, must cover every use.
 */
export function structRanges(message: MessageSchema): Map<string, VersionRange> {
  const common = new Map((message.commonStructs ?? []).map((s) => [s.name, s]));
  const ranges = new Map<string, VersionRange>();
  const visit = (fields: SchemaField[], range: VersionRange): void => {
    for (const field of fields) {
      const versions = parseVersions(field.versions);
      const inner = field.type.startsWith('[]') ? field.type.slice(2) : field.type;
      const struct = field.fields ?? common.get(inner)?.fields;
      if (primitive[inner] !== undefined || !struct || !overlaps(versions, range)) continue;
      const use = intersect(range, versions);
      const seen = ranges.get(inner);
      const hull = seen ? { min: Math.min(seen.min, use.min), max: Math.max(seen.max, use.max) } : use;
      if (seen && hull.min === seen.min && hull.max === seen.max) continue;
      ranges.set(inner, hull);
      visit(struct, hull);
    }
  };
  visit(message.fields, parseVersions(message.validVersions));
  return ranges;
}

interface Emitter {
  lines: string[];
  ranges: Map<string, VersionRange>;
  structs: Map<string, SchemaStruct>;
  emitted: Set<string>;
  valid: VersionRange;
  file: string;
  /** Struct names already declared in the module (by the request); ours get the message name as prefix. */
  taken: ReadonlySet<string>;
  prefix: string;
}

function structName(name: string, em: Emitter): string {
  return em.taken.has(name) ? `${em.prefix}${name}` : name;
}

function intersect(a: VersionRange, b: VersionRange): VersionRange {
  return { min: Math.max(a.min, b.min), max: Math.min(a.max, b.max) };
}

function tsType(field: SchemaField, em: Emitter, range: VersionRange): string {
  const isArray = field.type.startsWith('[]');
  const inner = isArray ? field.type.slice(2) : field.type;
  let base = primitive[inner];
  if (base === undefined) {
    const struct = field.fields ? { name: inner, versions: field.versions, fields: field.fields } : em.structs.get(inner);
    if (!struct) throw new Error(`${em.file}: field ${field.name} has unknown type ${inner}`);
    // A nested struct exists only where its fields do: optionality is judged within that range.
    emitStruct(struct, em, em.ranges.get(inner) ?? intersect(range, parseVersions(field.versions)));
    base = structName(inner, em);
  }
  let type = isArray ? `${base}[]` : base;
  const nullable = field.nullableVersions && overlaps(parseVersions(field.nullableVersions), range);
  if (nullable) type = `${type} | null`;
  return type;
}

function emitStruct(struct: SchemaStruct, em: Emitter, range: VersionRange): void {
  if (em.emitted.has(struct.name)) return;
  em.emitted.add(struct.name);
  const body: string[] = [];
  for (const field of struct.fields) {
    const versions = parseVersions(field.versions);
    if (!overlaps(versions, range)) continue;
    const optional = field.tag !== undefined || !covers(versions, range);
    const doc = field.about ? `  /** ${field.about.replace(/\*\//g, '* /')} (v${field.versions}) */\n` : '';
    body.push(`${doc}  ${camel(field.name)}${optional ? '?' : ''}: ${tsType(field, em, range)};`);
  }
  em.lines.push(`export interface ${structName(struct.name, em)} {\n${body.join('\n')}\n}\n`);
}

/** TypeScript source declaring the message's top-level interface and every struct it uses. */
export function emitMessageTypes(message: MessageSchema, file: string, taken: ReadonlySet<string> = new Set()): string {
  const em: Emitter = {
    lines: [],
    ranges: structRanges(message),
    structs: new Map((message.commonStructs ?? []).map((s) => [s.name, s])),
    emitted: new Set(),
    valid: parseVersions(message.validVersions),
    file,
    taken,
    prefix: message.name,
  };
  emitStruct({ name: message.name, versions: message.validVersions, fields: message.fields }, em, em.valid);
  return em.lines.join('\n');
}

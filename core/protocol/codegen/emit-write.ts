/**
 * Emits one encoder function per struct: `writeX(w, version, msg)`. Fields go out in schema
 * order behind straight-line version tests; an absent optional field is written as its schema
 * default; null where the version does not allow it throws INVALID_ARGUMENT naming the field;
 * tagged fields are written (ascending by tag, each with its size) only when not default.
 */
import { compactArg, differsFromDefault, flexibleRef, guarded, nullCond, paren, valueOf, versionCond } from './codec-conditions.js';
import { FieldModel, MessageModel, StructModel } from './codec-model.js';

const NUMERIC_WRITES = new Set(['bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64']);

/** The statement writing one array element `$e`. */
function writeElement(f: FieldModel, m: MessageModel, w: string): string {
  if (f.struct) return `write${f.struct.tsName}(${w}, version, $e);`;
  const prim = f.primitive as string;
  if (NUMERIC_WRITES.has(prim) || prim === 'uuid') return `${w}.${prim}($e);`;
  return `${w}.${prim === 'string' ? 'string' : 'bytes'}($e, ${compactArg(f, m)});`;
}

/** Statements writing the non-null value `$v` of a reference-typed field. */
function writePresent(f: FieldModel, m: MessageModel, w: string, nul: string): string[] {
  const compact = compactArg(f, m);
  if (f.isArray) {
    return [`${w}.arrayCount($v.length, ${compact});`, `for (const $e of $v) ${writeElement(f, m, w)}`];
  }
  if (f.struct) {
    const marker = nul === 'false' ? [] : nul === 'true' ? [`${w}.structMarker(true);`] : [`if (${nul}) ${w}.structMarker(true);`];
    return [...marker, `write${f.struct.tsName}(${w}, version, $v);`];
  }
  if (f.primitive === 'uuid') return [`${w}.uuid($v);`];
  return [`${w}.${f.primitive === 'string' ? 'string' : 'bytes'}($v, ${compact});`];
}

/** The statement writing null for a nullable array or struct. */
function writeNull(f: FieldModel, m: MessageModel, w: string): string {
  return f.isArray ? `${w}.arrayCount(-1, ${compactArg(f, m)});` : `${w}.structMarker(false);`;
}

/** Statements writing field `f` whose value is the expression `value`, into writer `w`. */
function writeValue(f: FieldModel, m: MessageModel, w: string, value: string): string[] {
  const prim = f.primitive;
  if (!f.isArray && prim !== undefined && NUMERIC_WRITES.has(prim)) return [`${w}.${prim}(${value});`];
  const nul = nullCond(f);
  if (nul === 'true' && !f.isArray && !f.struct) {
    return [`${w}.${f.primitive === 'string' ? 'nullableString' : 'nullableBytes'}(${value}, ${compactArg(f, m)});`];
  }
  const lines = [`const $v = ${value};`];
  if (nul === 'false') return [...lines, `if ($v == null) throw notNullable('${f.path}', version);`, ...writePresent(f, m, w, nul)];
  if (nul !== 'true') lines.push(`if ($v == null && !${paren(nul)}) throw notNullable('${f.path}', version);`);
  if (!f.isArray && !f.struct) {
    const method = f.primitive === 'string' ? 'nullableString' : 'nullableBytes';
    return [...lines, `${w}.${method}($v, ${compactArg(f, m)});`];
  }
  const present = writePresent(f, m, w, nul);
  return [...lines, `if ($v == null) ${writeNull(f, m, w)}`, 'else {', ...present.map((l) => `  ${l}`), '}'];
}

/** Statements writing one untagged field behind its version test. */
function writeField(f: FieldModel, m: MessageModel): string[] {
  const present = versionCond(f.versions, m.valid);
  if (present === 'false') return [];
  const body = writeValue(f, m, 'w', valueOf(f, 'msg'));
  if (body.length === 1) return [present === 'true' ? `  ${body[0]}` : `  if (${present}) ${body[0]}`];
  // Braces scope the $v every reference-typed write declares.
  if (present === 'true') return ['  {', ...body.map((l) => `    ${l}`), '  }'];
  return guarded(present, body, '  ');
}

/** The tagged-field section: count of non-default tagged fields, then each as tag, size, value. */
function writeTagged(s: StructModel, m: MessageModel): string[] {
  const flexible = flexibleRef(m);
  const tagged = s.fields.filter((f) => f.tag !== undefined).sort((a, b) => (a.tag as number) - (b.tag as number));
  if (tagged.length === 0) return guarded(flexible, ['w.uvarint(0);'], '  ');
  const lines: string[] = [];
  const flags: string[] = [];
  tagged.forEach((f, i) => {
    const when = versionCond(f.versions, m.valid);
    lines.push(`const $v${i} = msg.${f.prop};`);
    const test = `$v${i} !== undefined && ${differsFromDefault(f, `$v${i}`)}`;
    lines.push(`const $has${i} = ${when === 'true' ? test : `${when} && ${test}`};`);
    flags.push(`($has${i} ? 1 : 0)`);
  });
  lines.push(`w.uvarint(${flags.join(' + ')});`);
  tagged.forEach((f, i) => {
    // A tagged value needs its size in front: encode it on its own first (tagged fields are rare and small).
    lines.push(`if ($has${i} && $v${i} !== undefined) {`, '  const $s = new WireWriter(64);');
    lines.push(...writeValue(f, m, '$s', `$v${i}`).map((l) => `  ${l}`), `  w.taggedField(${f.tag}, $s);`, '}');
  });
  return guarded(flexible, lines, '  ');
}

/** The encoder of struct `s`; the message's root encoder is exported and checks the version. */
export function emitWrite(s: StructModel, m: MessageModel): string {
  const isRoot = s === m.root;
  const lines: string[] = [];
  if (isRoot) {
    lines.push(`  if (!(version >= ${m.valid.min} && version <= ${m.valid.max})) throw unsupportedVersion('${m.name}', version);`);
  }
  for (const f of s.fields) if (f.tag === undefined) lines.push(...writeField(f, m));
  lines.push(...writeTagged(s, m));
  if (/\bflexible\b/.test(lines.join('\n'))) lines.splice(isRoot ? 1 : 0, 0, `  const flexible = ${versionCond(m.flexible, m.valid)};`);
  const body = lines.join('\n');
  const doc = isRoot ? `/** Encodes \`msg\` as ${m.name} version \`version\` (${m.valid.min}-${m.valid.max}). */\nexport ` : '';
  return `${doc}function write${s.tsName}(w: WireWriter, version: number, msg: ${s.tsName}): void {\n${body}\n}\n`;
}

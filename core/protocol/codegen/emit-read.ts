/**
 * Emits one decoder function per struct: `readX(r, version): X`. Fields are read in schema
 * order with straight-line version tests; fields absent in a version get their schema default;
 * tagged fields are collected from the struct's tagged section, unknown tags skipped.
 */
import { compactArg, flexibleCond, flexibleRef, guarded, local, nullCond, paren, versionCond } from './codec-conditions.js';
import { FieldModel, MessageModel, StructModel } from './codec-model.js';

const NUMERIC_READS = new Set(['bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64', 'uuid']);

/** The expression reading one non-array value of `f` (a single struct, a primitive, a string...). */
function readValue(f: FieldModel, m: MessageModel): string {
  const p = `'${f.path}'`;
  const compact = compactArg(f, m);
  const nul = nullCond(f);
  if (f.struct) {
    const read = `read${f.struct.tsName}(r, version)`;
    if (nul === 'false') return read;
    if (nul === 'true') return `(r.structPresent(${p}) ? ${read} : null)`;
    return `(!${paren(nul)} || r.structPresent(${p}) ? ${read} : null)`;
  }
  const prim = f.primitive as string;
  if (NUMERIC_READS.has(prim)) return `r.${prim}(${p})`;
  const method = prim === 'string' ? 'String' : prim === 'bytes' ? 'Bytes' : 'Records';
  const plain = `r.${method.toLowerCase()}(${p}, ${compact})`;
  const nullable = `r.nullable${method}(${p}, ${compact})`;
  if (nul === 'false') return plain;
  if (nul === 'true') return nullable;
  return `(${nul} ? ${nullable} : ${plain})`;
}

/** The expression reading one element of an array field. */
function readElement(f: FieldModel, m: MessageModel): string {
  if (f.struct) return `read${f.struct.tsName}(r, version)`;
  const p = `'${f.path}[]'`;
  const prim = f.primitive as string;
  if (NUMERIC_READS.has(prim)) return `r.${prim}(${p})`;
  // Array elements are never null in Kafka's schemas.
  return `r.${prim === 'records' ? 'records' : prim}(${p}, ${compactArg(f, m)})`;
}

/** Statements reading an array field into `target` (already declared). */
function readArray(f: FieldModel, m: MessageModel, target: string): string[] {
  const p = `'${f.path}'`;
  const compact = compactArg(f, m);
  const nul = nullCond(f);
  const count =
    nul === 'false'
      ? `r.arrayCount(${p}, ${compact})`
      : nul === 'true'
        ? `r.nullableArrayCount(${p}, ${compact})`
        : `(${nul} ? r.nullableArrayCount(${p}, ${compact}) : r.arrayCount(${p}, ${compact}))`;
  const fill = [
    `const $a: ${f.baseType}[] = [];`,
    `for (let $i = 0; $i < $n; $i++) $a.push(${readElement(f, m)});`,
    `${target} = $a;`,
  ];
  if (nul === 'false') return [`const $n = ${count};`, ...fill];
  return [`const $n = ${count};`, `if ($n < 0) ${target} = null;`, 'else {', ...fill.map((l) => `  ${l}`), '}'];
}

/** Declares and reads one untagged field. */
function readField(f: FieldModel, m: MessageModel): string[] {
  const name = local(f);
  const present = versionCond(f.versions, m.valid);
  if (!f.isArray) {
    if (present === 'true') return [`  const ${name} = ${readValue(f, m)};`];
    if (present === 'false') return [`  const ${name}: ${f.tsType} = ${f.defaultExpr};`];
    return [`  const ${name}: ${f.tsType} = ${present} ? ${readValue(f, m)} : ${f.defaultExpr};`];
  }
  const body = readArray(f, m, name);
  // The block scopes $n and $a, which every array read declares.
  if (present === 'true') return [`  let ${name}: ${f.tsType};`, '  {', ...body.map((l) => `    ${l}`), '  }'];
  return [`  let ${name}: ${f.tsType} = ${f.defaultExpr};`, ...guarded(present, body, '  ')];
}

/** Declares the tagged fields with their defaults and reads the struct's tagged-field section. */
function readTagged(s: StructModel, m: MessageModel): string[] {
  const flexible = flexibleRef(m);
  const section = `'${s.path} (tagged fields)'`;
  const tagged = s.fields.filter((f) => f.tag !== undefined).sort((a, b) => (a.tag as number) - (b.tag as number));
  if (tagged.length === 0) return guarded(flexible, [`r.skipTaggedFields(${section});`], '  ');
  const lines = tagged.map((f) => `  let ${local(f)}: ${f.tsType} = ${f.defaultExpr};`);
  const loop = [
    `const $count = r.uvarint(${section});`,
    'for (let $t = 0; $t < $count; $t++) {',
    `  const $tag = r.uvarint(${section});`,
    `  const $end = r.taggedFieldEnd(${section});`,
  ];
  tagged.forEach((f, i) => {
    const when = versionCond(f.versions, m.valid);
    const test = `$tag === ${f.tag}${when === 'true' ? '' : ` && ${when}`}`;
    const body = f.isArray ? readArray(f, m, local(f)) : [`${local(f)} = ${readValue(f, m)};`];
    loop.push(`  ${i === 0 ? 'if' : '} else if'} (${test}) {`, ...body.map((l) => `    ${l}`));
  });
  loop.push('  } else {', '    r.skipTo($end);', '    continue;', '  }', `  r.endTaggedField(${section}, $end);`, '}');
  return [...lines, ...guarded(flexible, loop, '  ')];
}

/** The decoder of struct `s`; the message's root decoder is exported and checks the version. */
export function emitRead(s: StructModel, m: MessageModel): string {
  const isRoot = s === m.root;
  const lines: string[] = [];
  if (isRoot) {
    lines.push(`  if (!(version >= ${m.valid.min} && version <= ${m.valid.max})) throw unsupportedVersion('${m.name}', version);`);
  }
  for (const f of s.fields) if (f.tag === undefined) lines.push(...readField(f, m));
  lines.push(...readTagged(s, m));
  const props = s.fields.map((f) => (local(f) === f.prop ? f.prop : `${f.prop}: ${local(f)}`));
  lines.push(`  return { ${props.join(', ')} };`);
  if (/\bflexible\b/.test(lines.join('\n'))) lines.splice(isRoot ? 1 : 0, 0, `  const flexible = ${flexibleCond(m)};`);
  const body = lines.join('\n');
  const doc = isRoot ? `/** Decodes ${m.name} version \`version\` (${m.valid.min}-${m.valid.max}) at the reader's position. */\nexport ` : '';
  return `${doc}function read${s.tsName}(r: WireReader, version: number): ${s.tsName} {\n${body}\n}\n`;
}

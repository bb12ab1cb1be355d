/**
 * Emits the codec half of a generated API module: default factories and default checks for the
 * structs that need them, then a decoder and an encoder per struct (only the message's own pair
 * is exported), plus the imports those use.
 */
import { differsFromDefault } from './codec-conditions.js';
import { MessageModel, StructModel } from './codec-model.js';
import { emitRead } from './emit-read.js';
import { emitWrite } from './emit-write.js';

function emitDefault(s: StructModel): string {
  const props = s.fields.map((f) => `${f.prop}: ${f.defaultExpr}`);
  return `function default${s.tsName}(): ${s.tsName} {\n  return { ${props.join(', ')} };\n}\n`;
}

// Kafka omits a tagged struct equal to a freshly constructed one; this is that comparison.
function emitIsDefault(s: StructModel): string {
  const tests = s.fields.map((f) => {
    const differs = differsFromDefault(f, `s.${f.prop}`);
    return f.optional ? `(s.${f.prop} === undefined || !(${differs}))` : `!(${differs})`;
  });
  const body = tests.length === 0 ? 'true' : tests.join(' &&\n    ');
  return `function isDefault${s.tsName}(s: ${s.tsName}): boolean {\n  return ${body};\n}\n`;
}

/** Decoders, encoders and helpers of one message (request, response or header). */
export function emitCodecs(m: MessageModel): string {
  const parts: string[] = [];
  for (const s of m.structs) {
    if (s.needsDefault) parts.push(emitDefault(s));
    if (s.needsIsDefault) parts.push(emitIsDefault(s));
  }
  // Root first so the exported pair heads the section; nested ones follow, parents before children.
  for (const s of [...m.structs].reverse()) parts.push(emitRead(s, m), emitWrite(s, m));
  return parts.join('\n');
}

/** The import lines a module whose codec text is `codecs` needs. */
export function codecImports(codecs: string): string {
  const errors = ['notNullable', 'unsupportedVersion'].filter((name) => codecs.includes(`${name}(`));
  const writer = codecs.includes('isZeroUuid(') ? 'WireWriter, isZeroUuid' : 'WireWriter';
  const lines = [`import type { WireReader } from '../wire-reader.js';`, `import { ${writer} } from '../wire-writer.js';`];
  if (errors.length > 0) lines.unshift(`import { ${errors.join(', ')} } from '../codec-errors.js';`);
  return lines.join('\n');
}

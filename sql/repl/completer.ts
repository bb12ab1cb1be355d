/**
 * Tab completion: the keywords the grammar allows next (Chevrotain's content assist, via
 * `completeAt`) and, where a name may stand, the engine's source and column names. Pure.
 */
import { completeAt } from '../parser/complete.js';

export interface CompletionNames {
  readonly sources: readonly string[];
  readonly columns: readonly string[];
}

/**
 * Candidates for the word being typed at the end of `text` (everything typed so far, earlier
 * lines included), in readline's shape: [candidates, the partial word they replace]. Each
 * candidate starts with the partial word as typed; a lower-case word gets lower-case keywords.
 */
export function completeText(text: string, names: CompletionNames): [string[], string] {
  const { prefix, keywords, identifier } = completeAt(text);
  const lower = prefix !== '' && prefix === prefix.toLowerCase();
  const candidates = new Set<string>();
  for (const k of keywords) candidates.add(lower ? k.toLowerCase() : k);
  if (identifier) {
    for (const name of [...names.sources, ...names.columns]) {
      if (!name.toUpperCase().startsWith(prefix.toUpperCase())) continue;
      // Unquoted names are upper-case and match in any case, so the typed part is kept as typed.
      const unquoted = /^[A-Z_][A-Z0-9_]*$/.test(name);
      if (unquoted) candidates.add(prefix + (lower ? name.toLowerCase() : name).slice(prefix.length));
      else if (name.startsWith(prefix)) candidates.add(name);
    }
  }
  return [[...candidates].sort(), prefix];
}

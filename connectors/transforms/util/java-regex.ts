/**
 * Java regular expressions and replacement strings in JavaScript. Kafka's routers match the
 * whole topic (Matcher.matches), so patterns are anchored. Java replacements use `$1` and
 * `${name}` with `\` escaping; JavaScript uses `$1`, `$<name>` and `$$`.
 */
import { invalidConfig } from '../../api/config-def.js';

/** Compiles `pattern` to match a whole string; a syntax error is a config error naming `configKey`. */
export function wholeMatchRegex(pattern: string, configKey: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch (err) {
    return invalidConfig(configKey, pattern, `Invalid regular expression: ${(err as Error).message}`);
  }
}

/** A Java Matcher replacement string as a JavaScript String.replace replacement. */
export function javaReplacement(replacement: string, configKey: string): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c === '\\') {
      i++;
      if (i >= replacement.length) invalidConfig(configKey, replacement, 'character to be escaped is missing');
      out += replacement[i] === '$' ? '$$' : replacement[i];
    } else if (c === '$') {
      const named = /^\{([A-Za-z][A-Za-z0-9]*)\}/.exec(replacement.slice(i + 1));
      const numbered = /^\d+/.exec(replacement.slice(i + 1));
      if (named) {
        out += `$<${named[1]}>`;
        i += named[0].length;
      } else if (numbered) {
        out += `$${numbered[0]}`;
        i += numbered[0].length;
      } else {
        invalidConfig(configKey, replacement, 'Illegal group reference');
      }
    } else {
      out += c;
    }
  }
  return out;
}

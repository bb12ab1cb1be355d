/** Java regular expressions as JS RegExps (the common subset; leading inline flags supported). */
import { SqlError } from '../../errors.js';

const cache = new Map<string, RegExp>();
const CACHE_MAX = 256;

/** A global RegExp for a Java pattern (cached: patterns are usually constants). */
export function javaRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re === undefined) {
    let flags = 'g';
    let body = pattern;
    const m = /^\(\?([imsx]+)\)/.exec(body);
    if (m !== null) {
      body = body.slice(m[0].length);
      for (const f of m[1]!) if (f !== 'x' && !flags.includes(f)) flags += f;
    }
    // Java's possessive quantifiers and \Q..\E have no JS form; \A and \Z are anchors.
    body = body.replace(/\\Q(.*?)(\\E|$)/g, (_, lit: string) => lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .replace(/\\A/g, '^').replace(/\\[Zz]/g, '$');
    try {
      re = new RegExp(body, flags);
    } catch (e) {
      throw new SqlError(`Invalid regular expression pattern: ${pattern}`, 'statement', { cause: e });
    }
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(pattern, re);
  }
  re.lastIndex = 0;
  return re;
}

/** Java's `str.split(regex, -1)`: trailing empty strings kept; a zero-width match at 0 gives no leading empty string. */
export function javaSplit(s: string, pattern: string): string[] {
  const re = javaRegex(pattern);
  const out: string[] = [];
  let last = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const start = m.index;
    const end = start + m[0].length;
    if (end === start) re.lastIndex++;
    if (end === 0) continue;
    out.push(s.slice(last, start));
    last = end;
    if (re.lastIndex > s.length) break;
  }
  out.push(s.slice(last));
  return out;
}

/** Java's Matcher.replaceAll replacement syntax ($1, ${name}, \$) → JS's. */
export function javaReplacement(r: string): string {
  let out = '';
  for (let i = 0; i < r.length; i++) {
    const c = r[i]!;
    if (c === '\\' && i + 1 < r.length) {
      const n = r[++i]!;
      out += n === '$' ? '$$' : n;
    } else if (c === '$' && r[i + 1] === '{') {
      const end = r.indexOf('}', i);
      out += '$<' + r.slice(i + 2, end) + '>';
      i = end;
    } else if (c === '$' && r[i + 1] === '0') {
      // Java's $0 is the whole match, JS's $&.
      out += '$&';
      i++;
    } else out += c;
  }
  return out;
}

/** Parses the HTTP sink's `headers` config (`Name:value|Name2:value2`). Pure. */

/** The headers, or a message naming the malformed pair. */
export function parseHeaderList(text: string, separator: string): { ok: true; headers: Record<string, string> } | { ok: false; message: string } {
  const headers: Record<string, string> = {};
  if (text.trim() === '') return { ok: true, headers };
  for (const pair of text.split(separator)) {
    const colon = pair.indexOf(':');
    const name = colon < 0 ? '' : pair.slice(0, colon).trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      return { ok: false, message: `"${pair}" is not a Name:value header pair` };
    }
    headers[name] = pair.slice(colon + 1).trim();
  }
  return { ok: true, headers };
}

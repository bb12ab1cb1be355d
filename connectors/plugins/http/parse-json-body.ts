/**
 * What an HttpSource accepts in a POST body: one JSON object, or an array of JSON objects.
 * Pure: bytes in, objects or a message saying what is wrong out.
 */

export type ParsedBody = { ok: true; objects: Record<string, unknown>[] } | { ok: false; message: string };

export function parseJsonBody(body: Buffer): ParsedBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    return { ok: false, message: `body is not valid JSON: ${(err as Error).message}` };
  }
  if (isObject(parsed)) return { ok: true, objects: [parsed] };
  if (!Array.isArray(parsed)) return { ok: false, message: `body must be a JSON object or an array of objects, not ${kindOf(parsed)}` };
  const badIndex = parsed.findIndex((item) => !isObject(item));
  if (badIndex >= 0) {
    return { ok: false, message: `body must be a JSON object or an array of objects; element ${badIndex} is ${kindOf(parsed[badIndex])}` };
  }
  return { ok: true, objects: parsed as Record<string, unknown>[] };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

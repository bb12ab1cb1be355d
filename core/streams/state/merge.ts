/**
 * Merges a snapshot of unflushed writes (sorted, `null` = deleted) over a sorted scan of
 * storage, so range reads see writes that are not flushed yet. On equal keys the overlay wins.
 */
import type { KeyValue } from './store.js';

export interface OverlayEntry {
  key: Buffer;
  value: Buffer | null;
}

export async function* mergeOverlay(
  overlay: readonly OverlayEntry[],
  stored: AsyncIterable<KeyValue>,
): AsyncIterableIterator<KeyValue> {
  let i = 0;
  for await (const entry of stored) {
    while (i < overlay.length && Buffer.compare(overlay[i]!.key, entry.key) < 0) {
      const o = overlay[i++]!;
      if (o.value !== null) yield { key: o.key, value: o.value };
    }
    if (i < overlay.length && Buffer.compare(overlay[i]!.key, entry.key) === 0) {
      const o = overlay[i++]!;
      if (o.value !== null) yield { key: o.key, value: o.value };
      continue;
    }
    yield entry;
  }
  for (; i < overlay.length; i++) {
    const o = overlay[i]!;
    if (o.value !== null) yield { key: o.key, value: o.value };
  }
}

/** Overlays `newer` on `older` (both sorted): one sorted list, newer winning on equal keys. */
export function overlayOn(older: readonly OverlayEntry[], newer: readonly OverlayEntry[]): OverlayEntry[] {
  const byId = new Map<string, OverlayEntry>();
  for (const e of older) byId.set(e.key.toString('latin1'), e);
  for (const e of newer) byId.set(e.key.toString('latin1'), e);
  return [...byId.values()].sort((a, b) => Buffer.compare(a.key, b.key));
}

/**
 * Interactive queries: a read-only view of one store across the tasks of this instance. Keys live
 * in the task of their partition; reads ask each local task's store (or the global store).
 */
import { FjordError } from '../../errors.js';
import type { StoreDef } from '../topology/nodes.js';
import type { TimestampedKeyValueStore, TimestampedWindowStore, TypedKeyValueStore, TypedSessionStore, SessionEntry } from './store-facades.js';

export class QueryableStore<K, V> {
  constructor(private readonly def: StoreDef, private readonly instances: () => unknown[]) {}

  get name(): string {
    return this.def.name;
  }

  /** Key-value stores: the current value of `key`, or null. */
  get(key: K): V | null {
    this.expect('keyValue');
    for (const s of this.instances()) {
      const found = (s as TimestampedKeyValueStore<K, V> | TypedKeyValueStore<K, V>).get(key);
      if (found === null) continue;
      return this.unwrap(found);
    }
    return null;
  }

  /** Key-value stores: every entry (per task, in key order within a task). */
  async *all(): AsyncIterableIterator<{ key: K; value: V }> {
    this.expect('keyValue');
    for (const s of this.instances()) {
      for await (const e of (s as TimestampedKeyValueStore<K, V>).all()) {
        yield { key: e.key, value: this.unwrap(e.value) };
      }
    }
  }

  /** Key-value stores: entries with from <= key <= to (by serialized key order). */
  async *range(from: K, to: K): AsyncIterableIterator<{ key: K; value: V }> {
    this.expect('keyValue');
    for (const s of this.instances()) {
      for await (const e of (s as TimestampedKeyValueStore<K, V>).range(from, to)) {
        yield { key: e.key, value: this.unwrap(e.value) };
      }
    }
  }

  /** Window stores: the value of `key` in the window starting at `windowStartMs`. */
  fetch(key: K, windowStartMs: number): V | null {
    this.expect('window');
    for (const s of this.instances()) {
      const found = (s as TimestampedWindowStore<K, V>).fetch(key, windowStartMs);
      if (found !== null) return found.value;
    }
    return null;
  }

  /** Window stores: `key`'s windows starting in [fromMs, toMs]. */
  async fetchRange(key: K, fromMs: number, toMs: number): Promise<{ windowStartMs: number; value: V }[]> {
    this.expect('window');
    const out: { windowStartMs: number; value: V }[] = [];
    for (const s of this.instances()) {
      for await (const e of (s as TimestampedWindowStore<K, V>).fetchRange(key, fromMs, toMs)) out.push({ windowStartMs: e.windowStartMs, value: e.value.value });
    }
    return out.sort((a, b) => a.windowStartMs - b.windowStartMs);
  }

  /** Session stores: every session of `key`. */
  async sessions(key: K): Promise<SessionEntry<K, V>[]> {
    this.expect('session');
    const out: SessionEntry<K, V>[] = [];
    for (const s of this.instances()) out.push(...(await (s as TypedSessionStore<K, V>).fetch(key)));
    return out;
  }

  /** DSL stores hold `{value, timestamp}`; Processor API key-value stores hold the value itself. */
  private unwrap(stored: unknown): V {
    return this.def.timestamped ? (stored as { value: V }).value : (stored as V);
  }

  private expect(kind: StoreDef['kind']): void {
    if (this.def.kind !== kind) throw new FjordError('INVALID_ARGUMENT', `store ${this.def.name} is a ${this.def.kind} store; this query needs a ${kind} store`);
  }
}

/**
 * Transforms derive an output schema from each input schema; records of one stream share their
 * schema object, so the result is cached by identity (Kafka keeps a small LRU for the same
 * reason). A WeakMap lets unused schemas be collected.
 */
import type { Schema } from '../../api/types.js';

/** Output schemas by input schema object. */
export class SchemaCache {
  private readonly cache = new WeakMap<Schema, Schema>();

  /** The cached output for `input`, computing it once with `make`. */
  get(input: Schema, make: (input: Schema) => Schema): Schema {
    let out = this.cache.get(input);
    if (out === undefined) {
      out = make(input);
      this.cache.set(input, out);
    }
    return out;
  }
}

/**
 * A column of schemaless values whose kind is inferred as rows arrive, with the rules of
 * `inferColumns` (column-model.ts): the first non-null value sets the kind, an int64 column
 * meeting a non-integer number becomes float64, any other mix becomes JSON text (the values
 * so far are re-appended from the builder, so records need not be kept). A column of only
 * nulls is utf8. Pure.
 */
import type * as arrow from 'apache-arrow';
import { columnBuilder, type ColumnBuilder } from './column-builder.js';
import { valueKind, widenedKind, type ColumnKind } from './column-model.js';

export class InferredColumn {
  private builder: ColumnBuilder | null = null;
  /** Rows before the first non-null value (all null). */
  private leadingNulls = 0;

  constructor(readonly name: string) {}

  get kind(): ColumnKind {
    return this.builder?.kind ?? 'utf8';
  }

  get length(): number {
    return this.builder?.length ?? this.leadingNulls;
  }

  appendNull(): void {
    if (this.builder === null) this.leadingNulls++;
    else this.builder.appendNull();
  }

  /** Appends a value (null or undefined: a null), widening the column when its kind differs. */
  append(v: unknown): void {
    if (v === null || v === undefined) return this.appendNull();
    const kind = typeof v === 'string' ? 'utf8' : typeof v === 'number' ? (Number.isInteger(v) ? 'int64' : 'float64') : valueKind(v);
    let builder = this.builder;
    if (builder === null) {
      builder = columnBuilder(kind);
      for (let i = 0; i < this.leadingNulls; i++) builder.appendNull();
      this.builder = builder;
    } else if (kind !== builder.kind) {
      const wider = widenedKind(builder.kind, kind);
      if (wider !== builder.kind) {
        const old = builder;
        builder = columnBuilder(wider);
        for (let i = 0; i < old.length; i++) {
          const value = old.valueAt(i);
          if (value === null) builder.appendNull();
          else builder.append(value);
        }
        this.builder = builder;
      }
    }
    builder.append(v);
  }

  /** Appends nulls up to `rows` rows. */
  padTo(rows: number): void {
    while (this.length < rows) this.appendNull();
  }

  finish(): arrow.Data {
    if (this.builder === null) {
      this.builder = columnBuilder('utf8');
      for (let i = 0; i < this.leadingNulls; i++) this.builder.appendNull();
    }
    return this.builder.finish();
  }
}

/**
 * ksqlDB's DELIMITED format: one CSV record per row (see csv.ts), `,` by default. Only primitive
 * columns (and DECIMAL, BYTES, the time types) are allowed. Writing: NULL as an empty field, DOUBLE
 * as Java's `Double.toString`, DECIMAL plain, BYTES base64, DATE / TIME / TIMESTAMP as integers.
 * Reading: an empty field is NULL for every type; the field count must match the columns.
 */
import { formatDouble } from '../types/render.js';
import type { Decimal } from '../types/decimal.js';
import type { DecimalType, Type } from '../types/types.js';
import { parseCsvRecord, printCsvRecord } from './csv.js';
import type { RowCodec } from './row-serde-base.js';
import { decimalFromText, parseJavaBoolean, parseJavaDouble, parseJavaInt, parseJavaLong, toBase64Bytes } from './text-values.js';
import type { FormatColumn } from './types.js';

/** A column value as its DELIMITED field text. */
export function delimitedText(value: unknown, type: Type): string {
  switch (type.kind) {
    case 'STRING': return value as string;
    case 'DOUBLE': return formatDouble(value as number);
    case 'DECIMAL': return (value as Decimal).toString();
    case 'BYTES': return (value as Buffer).toString('base64');
    case 'BOOLEAN': return value ? 'true' : 'false';
    default: return String(value);
  }
}

function forInput(text: string): Error {
  return new Error(`For input string: "${text}"`);
}

/** A non-empty DELIMITED field read as `type`. */
export function parseDelimitedField(text: string, type: Type): unknown {
  switch (type.kind) {
    case 'STRING': return text;
    case 'BOOLEAN': return parseJavaBoolean(text);
    case 'INTEGER':
    case 'DATE':
    case 'TIME': {
      const v = parseJavaInt(text);
      if (v === undefined) throw forInput(text);
      return v;
    }
    case 'BIGINT':
    case 'TIMESTAMP': {
      const v = parseJavaLong(text);
      if (v === undefined) throw forInput(text);
      return type.kind === 'BIGINT' ? v : Number(v);
    }
    case 'DOUBLE': {
      const v = parseJavaDouble(text);
      if (v === undefined) throw forInput(text);
      return v;
    }
    case 'DECIMAL': return decimalFromText(text, type as DecimalType);
    case 'BYTES': return toBase64Bytes(text);
    default: throw new Error(`The 'DELIMITED' format does not support type '${type.kind}'`);
  }
}

export function delimitedCodec(columns: readonly FormatColumn[], delimiter: string): RowCodec {
  return {
    write: (row) => {
      const fields = new Array<string | null>(columns.length);
      for (let i = 0; i < columns.length; i++) {
        const v = row[i];
        fields[i] = v === null || v === undefined ? null : delimitedText(v, columns[i]!.type);
      }
      return Buffer.from(printCsvRecord(fields, delimiter), 'utf8');
    },
    read: (data) => {
      const fields = parseCsvRecord(data.toString('utf8'), delimiter);
      if (fields === null) {
        if (columns.length === 0) return [];
        throw new Error('Error deserializing delimited: No fields in record');
      }
      if (fields.length !== columns.length) return fields; // the base reports the count mismatch
      const row = new Array<unknown>(columns.length);
      for (let i = 0; i < columns.length; i++) {
        const f = fields[i]!;
        try {
          row[i] = f === '' ? null : parseDelimitedField(f, columns[i]!.type);
        } catch (e) {
          throw new Error(`Error deserializing delimited: column ${columns[i]!.name}: ${(e as Error).message}`);
        }
      }
      return row;
    },
  };
}

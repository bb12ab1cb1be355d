/**
 * The WITH clause of CREATE STREAM/TABLE and C*AS statements: ksqlDB's property names, value
 * types and checks, turned into one plain object.
 */
import type { Property } from '../ast/statements.js';
import { SqlError } from '../errors.js';

export interface WithProperties {
  kafkaTopic?: string;
  keyFormat?: string;
  valueFormat?: string;
  format?: string;
  partitions?: number;
  replicas?: number;
  timestamp?: string;
  timestampFormat?: string;
  valueDelimiter?: string;
  keyDelimiter?: string;
  wrapSingleValue?: boolean;
  windowType?: 'TUMBLING' | 'HOPPING' | 'SESSION';
  windowSizeMs?: number;
  retentionMs?: number;
}

const KNOWN = new Set([
  'KAFKA_TOPIC', 'KEY_FORMAT', 'VALUE_FORMAT', 'FORMAT', 'PARTITIONS', 'REPLICAS', 'TIMESTAMP', 'TIMESTAMP_FORMAT',
  'VALUE_DELIMITER', 'KEY_DELIMITER', 'WRAP_SINGLE_VALUE', 'WINDOW_TYPE', 'WINDOW_SIZE', 'RETENTION_MS',
  'KEY_SCHEMA_ID', 'VALUE_SCHEMA_ID', 'KEY_SCHEMA_FULL_NAME', 'VALUE_SCHEMA_FULL_NAME', 'VALUE_AVRO_SCHEMA_FULL_NAME',
  'KEY_PROTOBUF_NULLABLE_REPRESENTATION', 'VALUE_PROTOBUF_NULLABLE_REPRESENTATION', 'SOURCE_CONNECTOR', 'CLEANUP_POLICY',
]);

function literalText(p: Property): string {
  const v = p.value;
  switch (v.kind) {
    case 'StringLiteral': return v.value;
    case 'IntegerLiteral': return String(v.value);
    case 'BigIntLiteral': return v.value.toString();
    case 'BooleanLiteral': return String(v.value);
    case 'DecimalLiteral': return v.lexeme;
    case 'DoubleLiteral': return v.lexeme;
    case 'NullLiteral': return 'null';
  }
}

function intProperty(p: Property): number {
  const text = literalText(p);
  if (!/^-?\d+$/.test(text)) throw new SqlError(`Invalid value for ${p.name} property: ${text}`, 'statement');
  return Number(text);
}

const UNIT_MS: Record<string, number> = {
  MILLISECOND: 1, MILLISECONDS: 1, SECOND: 1000, SECONDS: 1000, MINUTE: 60_000, MINUTES: 60_000,
  HOUR: 3_600_000, HOURS: 3_600_000, DAY: 86_400_000, DAYS: 86_400_000,
};

/** `'10 SECONDS'` → 10000. */
export function parseDurationText(text: string, what: string): number {
  const m = /^\s*(\d+)\s+([A-Za-z]+)\s*$/.exec(text);
  const unit = m === null ? undefined : UNIT_MS[m[2]!.toUpperCase()];
  if (m === null || unit === undefined) {
    throw new SqlError(`Invalid value for ${what} property: '${text}'. Expected a duration such as '10 SECONDS'.`, 'statement');
  }
  return Number(m[1]) * unit;
}

export function parseWithProperties(properties: readonly Property[]): WithProperties {
  const out: WithProperties = {};
  for (const p of properties) {
    const name = p.name.toUpperCase();
    if (!KNOWN.has(name)) throw new SqlError(`Invalid config variable(s) in the WITH clause: ${name}`, 'statement');
    const text = literalText(p);
    switch (name) {
      case 'KAFKA_TOPIC': out.kafkaTopic = text; break;
      case 'KEY_FORMAT': out.keyFormat = text.toUpperCase(); break;
      case 'VALUE_FORMAT': out.valueFormat = text.toUpperCase(); break;
      case 'FORMAT': out.format = text.toUpperCase(); break;
      case 'PARTITIONS': out.partitions = intProperty(p); break;
      case 'REPLICAS': out.replicas = intProperty(p); break;
      case 'TIMESTAMP': out.timestamp = /^[`"].*[`"]$/.test(text) ? text.slice(1, -1) : text.toUpperCase(); break;
      case 'TIMESTAMP_FORMAT': out.timestampFormat = text; break;
      case 'VALUE_DELIMITER': out.valueDelimiter = text; break;
      case 'KEY_DELIMITER': out.keyDelimiter = text; break;
      case 'WRAP_SINGLE_VALUE': out.wrapSingleValue = text.toLowerCase() === 'true'; break;
      case 'WINDOW_TYPE': {
        const t = text.toUpperCase();
        if (t !== 'TUMBLING' && t !== 'HOPPING' && t !== 'SESSION') throw new SqlError(`Invalid value for WINDOW_TYPE property: ${text}. Valid values are SESSION, HOPPING, TUMBLING.`, 'statement');
        out.windowType = t;
        break;
      }
      case 'WINDOW_SIZE': out.windowSizeMs = parseDurationText(text, 'WINDOW_SIZE'); break;
      case 'RETENTION_MS': out.retentionMs = intProperty(p); break;
      default: break;
    }
  }
  if (out.format !== undefined && (out.keyFormat !== undefined || out.valueFormat !== undefined)) {
    throw new SqlError(`Cannot supply both 'FORMAT' and '${out.keyFormat !== undefined ? 'KEY_FORMAT' : 'VALUE_FORMAT'}' properties, as 'FORMAT' sets both key and value formats.\nEither use just 'FORMAT', or use 'KEY_FORMAT' and 'VALUE_FORMAT'.`, 'statement');
  }
  if (out.windowType === 'SESSION' && out.windowSizeMs !== undefined) throw new SqlError(`'WINDOW_SIZE' should not be set for SESSION windows.`, 'parse');
  if ((out.windowType === 'TUMBLING' || out.windowType === 'HOPPING') && out.windowSizeMs === undefined) {
    throw new SqlError(`Tumbling and Hopping window types should set 'WINDOW_SIZE' in the WITH clause.`, 'parse');
  }
  return out;
}

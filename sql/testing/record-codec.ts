/**
 * Between test-case records (JSON nodes, as written in input.json / output.json) and topic bytes,
 * by the layout of the stream/table registered on the topic (`TopicSchema`):
 * - JSON: the node written back with `stringifyJson`, so number lexemes survive; read back with
 *   the lossless parser.
 * - DELIMITED: the string itself (a number's lexeme); read back as the string.
 * - KAFKA: the bare value typed by the single column (read through the JSON format's coercions,
 *   written by the KAFKA serde); read back and rendered as ksqlDB's JSON writer would.
 * - NONE: no bytes.
 * Windowed keys go through the schema's `joinWindowedKey` / `splitWindowedKey`. A topic without a
 * registered source is treated as JSON text. Pure apart from the serdes it is given.
 */
import type { RecordHeader } from '../../core/protocol/record-batch.js';
import type { TopicRecord } from '../engine/runtime.js';
import type { KeyWindow, TopicSchema } from '../engine/engine.js';
import type { FormatColumn, FormatOptions, RowSerde, SerdeTarget } from '../formats/types.js';
import { SqlError } from '../errors.js';
import { JsonNumber, parseJson, stringifyJson, type JsonNode } from '../types/json.js';
import { valueToJsonNode } from '../types/render.js';
import { struct, type Type } from '../types/types.js';
import { isUnwrapped } from '../formats/create-row-serde.js';
import type { CaseHeader, CaseRecord } from './case.js';
import type { ActualRecord } from './judge.js';

/** `createRowSerde` of sql/formats, passed in so this module stays testable without every format. */
export type RowSerdeFactory = (columns: FormatColumn[], options: FormatOptions, target: SerdeTarget) => RowSerde;

/** How one side (key or value) of a topic's records turns into bytes and back. */
interface SideCodec {
  encode(node: JsonNode): Buffer | null;
  decode(bytes: Buffer): { node: JsonNode; isText: boolean };
  /** The SQL type of what decode returns, for typed comparison; undefined when unknown or text. */
  readonly type?: Type;
}

function nodeText(node: JsonNode): string {
  return typeof node === 'string' ? node : stringifyJson(node);
}

/** JSON text: lossless both ways; bytes that are not JSON come back as their text. */
const jsonSide: SideCodec = {
  encode: (node) => Buffer.from(stringifyJson(node), 'utf8'),
  decode: (bytes) => {
    const text = bytes.toString('utf8');
    try {
      return { node: parseJson(text), isText: false };
    } catch {
      return { node: text, isText: true };
    }
  },
};

const textSide: SideCodec = {
  encode: (node) => Buffer.from(nodeText(node), 'utf8'),
  decode: (bytes) => ({ node: bytes.toString('utf8'), isText: true }),
};

const noneSide: SideCodec = {
  encode: () => null,
  decode: () => ({ node: null, isText: false }),
};

/** KAFKA (or any typed single-column format): nodes go in through the JSON format's reading rules. */
function typedSide(topic: string, column: FormatColumn, options: FormatOptions, target: SerdeTarget, createRowSerde: RowSerdeFactory): SideCodec {
  const serde = createRowSerde([column], options, target);
  const reader = createRowSerde([column], { format: 'JSON', wrapSingleValue: false }, 'value');
  return {
    type: column.type,
    encode: (node) => {
      const row = reader.deserialize(topic, Buffer.from(stringifyJson(node), 'utf8'));
      return serde.serialize(topic, row);
    },
    decode: (bytes) => {
      const row = serde.deserialize(topic, bytes);
      return { node: row === null ? null : valueToJsonNode(row[0] ?? null, column.type), isText: false };
    },
  };
}

function sideCodec(topic: string, columns: readonly FormatColumn[], options: FormatOptions, target: SerdeTarget, createRowSerde: RowSerdeFactory): SideCodec {
  // As ksqlDB: a source without key columns has no key bytes, whatever the format.
  if (target === 'key' && columns.length === 0) return noneSide;
  switch (options.format.toUpperCase()) {
    case 'JSON': {
      const type = isUnwrapped(columns, options, target) ? columns[0]!.type : struct(columns.map((c) => ({ name: c.name, type: c.type })));
      return { ...jsonSide, type };
    }
    case 'DELIMITED':
      return textSide;
    case 'NONE':
      return noneSide;
    case 'KAFKA':
      if (columns.length === 0) return noneSide;
      if (columns.length === 1) return typedSide(topic, columns[0], options, target, createRowSerde);
      throw new SqlError(`The 'KAFKA' format only supports a single field, but topic '${topic}' has ${columns.length} ${target} columns`, 'engine');
    default:
      throw new SqlError(`the test runner cannot read or write ${target}s in format ${options.format} (topic '${topic}')`, 'engine');
  }
}

/** Encodes case records for one topic and decodes what the queries wrote to it. */
export interface TopicCodec {
  encode(record: CaseRecord): TopicRecord;
  decode(record: TopicRecord): ActualRecord;
}

function toHeaders(headers: readonly CaseHeader[] | undefined): RecordHeader[] {
  return (headers ?? []).map((h) => ({ key: h.key, value: h.value }));
}

export function topicCodec(topic: string, schema: TopicSchema | null, createRowSerde: RowSerdeFactory): TopicCodec {
  const key = schema === null ? jsonSide : sideCodec(topic, schema.keyColumns, schema.keyFormat, 'key', createRowSerde);
  const value = schema === null ? jsonSide : sideCodec(topic, schema.valueColumns, schema.valueFormat, 'value', createRowSerde);
  const windowType = schema?.window?.type === 'SESSION' ? 'session' : 'time';
  return {
    encode: (r) => {
      let keyBytes = r.key === null ? null : key.encode(r.key);
      if (r.window !== undefined) {
        if (schema?.joinWindowedKey === undefined) throw new SqlError(`input record for topic '${topic}' has a window, but the topic is not windowed`, 'engine');
        keyBytes = schema.joinWindowedKey(keyBytes, { start: r.window.start, end: r.window.end });
      }
      return { key: keyBytes, value: r.value === null ? null : value.encode(r.value), timestamp: r.timestamp ?? 0, headers: toHeaders(r.headers) };
    },
    decode: (r) => {
      let keyBytes = r.key;
      let window: KeyWindow | undefined;
      if (keyBytes !== null && schema?.splitWindowedKey !== undefined) {
        const split = schema.splitWindowedKey(keyBytes);
        keyBytes = split.key;
        window = split.window;
      }
      const k = keyBytes === null ? { node: null, isText: false } : key.decode(keyBytes);
      const v = r.value === null ? { node: null, isText: false } : value.decode(r.value);
      return {
        topic,
        key: k.node,
        value: v.node,
        timestamp: r.timestamp,
        window: window === undefined ? undefined : { start: window.start, end: window.end, type: windowType },
        headers: r.headers.map((h) => ({ key: h.key, value: h.value })),
        keyIsText: k.isText,
        valueIsText: v.isText,
        keyType: key.type,
        valueType: value.type,
      };
    },
  };
}

/** An actual record in the output.json shape (key omitted when null, window and headers when present). */
export function actualRecordJson(r: ActualRecord): JsonNode {
  const out = new Map<string, JsonNode>([['topic', r.topic]]);
  if (r.key !== null) out.set('key', r.key);
  out.set('value', r.value);
  out.set('timestamp', new JsonNumber(String(r.timestamp)));
  if (r.window !== undefined) {
    out.set('window', new Map<string, JsonNode>([['start', new JsonNumber(String(r.window.start))], ['end', new JsonNumber(String(r.window.end))], ['type', r.window.type]]));
  }
  if (r.headers.length > 0) {
    out.set('headers', r.headers.map((h) => new Map<string, JsonNode>([['KEY', h.key], ['VALUE', h.value === null ? null : h.value.toString('base64')]])));
  }
  return out;
}

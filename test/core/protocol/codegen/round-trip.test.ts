import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { MessageSchema, parseVersions, readSchemaDir } from '../../../../core/protocol/codegen/schema.js';
import { apiCodec } from '../../../../core/protocol/messages.js';
import { readRequestHeader, writeRequestHeader } from '../../../../core/protocol/generated/request-header.js';
import { readResponseHeader, writeResponseHeader } from '../../../../core/protocol/generated/response-header.js';
import { WireReader } from '../../../../core/protocol/wire-reader.js';
import { WireWriter } from '../../../../core/protocol/wire-writer.js';
import { Sample, SampleVariant, expectedDecoded, sampleMessage } from './sample-messages.js';

const messages = path.resolve(import.meta.dirname, '../../../../../shared/kafka-protocol/messages');
const schemas: MessageSchema[] = fs.existsSync(messages) ? readSchemaDir(messages) : [];

type Read = (r: WireReader, version: number) => unknown;
type Write = (w: WireWriter, version: number, msg: never) => void;

function codecOf(schema: MessageSchema): { read: Read; write: Write } {
  if (schema.name === 'RequestHeader') return { read: readRequestHeader, write: writeRequestHeader as Write };
  if (schema.name === 'ResponseHeader') return { read: readResponseHeader, write: writeResponseHeader as Write };
  const codec = apiCodec(schema.apiKey as number);
  if (!codec) throw new Error(`no codec for ${schema.name}`);
  return schema.type === 'request'
    ? { read: codec.readRequest, write: codec.writeRequest as Write }
    : { read: codec.readResponse, write: codec.writeResponse as Write };
}

function encode(write: Write, version: number, msg: unknown): Buffer {
  const w = new WireWriter();
  write(w, version, msg as never);
  return w.toBuffer();
}

function roundTrip(schema: MessageSchema, version: number, variant: SampleVariant): void {
  const { read, write } = codecOf(schema);
  const sample = sampleMessage(schema, version, variant);
  const bytes = encode(write, version, sample);
  const r = new WireReader(bytes);
  const decoded = read(r, version) as Sample;
  expect(r.pos, 'decoder consumed every byte').to.equal(bytes.length);
  expect(decoded).to.deep.equal(expectedDecoded(schema, schema.fields, decoded, sample, version));
  expect(encode(write, version, decoded).equals(bytes), 're-encoding the decoded message gives the same bytes').to.equal(true);
}

describe('generated codecs round-trip every message in every version', () => {
  for (const schema of schemas.filter((s) => s.type !== 'data')) {
    const valid = parseVersions(schema.validVersions);
    describe(schema.name, () => {
      for (let version = valid.min; version <= valid.max; version++) {
        it(`v${version} with a value in every field survives encode, decode and re-encode`, () => roundTrip(schema, version, 'values'));
        it(`v${version} with null in every nullable field survives encode, decode and re-encode`, () => roundTrip(schema, version, 'nulls'));
      }
    });
  }
});

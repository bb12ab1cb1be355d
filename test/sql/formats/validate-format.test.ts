import { expect } from 'chai';
import { validateFormat } from '../../../sql/formats/create-row-serde.js';
import { SqlError } from '../../../sql/errors.js';
import { array, BOOLEAN, decimal, INTEGER, map, STRING, struct, type Type } from '../../../sql/types/types.js';
import type { FormatOptions } from '../../../sql/formats/types.js';

const cols = (...c: Array<[string, Type]>) => c.map(([name, type]) => ({ name, type }));

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(SqlError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('sql/formats validateFormat', () => {
  it('accepts the four formats in any case and returns the canonical name', () => {
    expect(validateFormat(cols(['A', INTEGER]), { format: 'json' }, 'value')).to.equal('JSON');
    expect(validateFormat([], { format: 'NONE' }, 'key')).to.equal('NONE');
  });

  it('rejects unknown formats and names the unsupported schema-registry ones', () => {
    expect(messageOf(() => validateFormat([], { format: 'FOO' }, 'value'))).to.equal('Unknown format: FOO');
    expect(messageOf(() => validateFormat([], { format: 'AVRO' }, 'value'))).to.match(/'AVRO' format is not supported/);
  });

  it('rejects a delimiter for formats other than DELIMITED, and bad delimiters', () => {
    const opts: FormatOptions = { format: 'JSON', delimiter: '|' };
    expect(messageOf(() => validateFormat(cols(['A', INTEGER]), opts, 'value'))).to.equal('JSON does not support the following configs: [delimiter]');
    expect(messageOf(() => validateFormat(cols(['A', INTEGER]), { format: 'DELIMITED', delimiter: '<~>' }, 'value'))).to.equal(
      "Failed to prepare statement: Configuration VALUE_DELIMITER is invalid: Invalid delimiter value: '<~>'. Delimiter must be a single character or TAB,SPACE\nExample valid value: ';'",
    );
    const empty = "Delimiter cannot be empty, if you meant to have a tab or space for delimiter, please use the special values 'TAB' or 'SPACE'\nExample valid value: ';'";
    for (const blank of ['', ' ', '\t']) {
      expect(messageOf(() => validateFormat(cols(['A', INTEGER]), { format: 'DELIMITED', delimiter: blank }, 'value'))).to.equal(`Failed to prepare statement: Configuration VALUE_DELIMITER is invalid: ${empty}`);
    }
    expect(messageOf(() => validateFormat(cols(['A', INTEGER]), { format: 'DELIMITED', delimiter: '' }, 'key'))).to.match(/Configuration KEY_DELIMITER is invalid/);
    expect(messageOf(() => validateFormat(cols(['A', INTEGER]), { format: 'JSON', delimiter: '<~>' }, 'value'))).to.match(/Invalid delimiter value/);
  });

  it('checks WRAP_SINGLE_VALUE against the format and the column count', () => {
    expect(messageOf(() => validateFormat(cols(['A', INTEGER]), { format: 'KAFKA', wrapSingleValue: true }, 'value'))).to.equal("Format 'KAFKA' does not support 'WRAP_SINGLE_VALUE' set to 'true'.");
    expect(() => validateFormat(cols(['A', INTEGER]), { format: 'DELIMITED', wrapSingleValue: false }, 'value')).to.not.throw();
    expect(messageOf(() => validateFormat(cols(['A', INTEGER], ['B', INTEGER]), { format: 'JSON', wrapSingleValue: false }, 'value'))).to.equal(
      "'WRAP_SINGLE_VALUE' is only valid for single-field value schemas",
    );
  });

  it("reports a KAFKA key schema problem inside ksqlDB's key-format report", () => {
    expect(messageOf(() => validateFormat(cols(['K1', INTEGER], ['K2', INTEGER]), { format: 'KAFKA' }, 'key'))).to.equal(
      'Key format does not support schema.\nformat: KAFKA\nschema: Persistence{columns=[`K1` INTEGER KEY, `K2` INTEGER KEY], features=[]}\n' +
        "reason: The 'KAFKA' format only supports a single field. Got: [`K1` INTEGER KEY, `K2` INTEGER KEY]",
    );
    expect(messageOf(() => validateFormat(cols(['K', decimal(21, 19)]), { format: 'KAFKA' }, 'key'))).to.match(/reason: The 'KAFKA' format does not support type 'DECIMAL'$/);
    expect(messageOf(() => validateFormat(cols(['V', BOOLEAN]), { format: 'KAFKA' }, 'value'))).to.match(/^Value format does not support schema.[\s\S]*The 'KAFKA' format does not support type 'BOOLEAN'$/);
  });

  it('rejects composite DELIMITED columns naming the column', () => {
    expect(messageOf(() => validateFormat(cols(['A', INTEGER], ['ROWKEY', struct([{ name: 'X', type: INTEGER }])]), { format: 'DELIMITED' }, 'value'))).to.match(
      /The 'DELIMITED' format does not support type 'STRUCT', column: `ROWKEY`$/,
    );
  });

  it('rejects keys containing maps before any format check', () => {
    const m = messageOf(() => validateFormat(cols(['K', struct([{ name: 'F', type: array(map(STRING, STRING)) }])]), { format: 'DELIMITED' }, 'key'));
    expect(m).to.equal(
      'Map keys, including types that contain maps, are not supported as they may lead to unexpected behavior due to inconsistent serialization. Key column name: `K`. Column type: STRUCT<`F` ARRAY<MAP<STRING, STRING>>>. See https://github.com/confluentinc/ksql/issues/6621 for more.',
    );
    expect(() => validateFormat(cols(['V', map(STRING, STRING)]), { format: 'JSON' }, 'value')).to.not.throw();
  });

  it('rejects JSON MAP types with non-STRING keys, also nested', () => {
    expect(messageOf(() => validateFormat(cols(['FOO', map(INTEGER, STRING)]), { format: 'JSON' }, 'value'))).to.match(/JSON only supports MAP types with STRING keys$/);
    expect(messageOf(() => validateFormat(cols(['FOO', array(map(STRING, map(BOOLEAN, STRING)))]), { format: 'JSON' }, 'value'))).to.match(/JSON only supports MAP types with STRING keys$/);
    expect(() => validateFormat(cols(['FOO', map(STRING, map(STRING, INTEGER))]), { format: 'JSON' }, 'value')).to.not.throw();
  });

  it('allows NONE only without columns', () => {
    expect(messageOf(() => validateFormat(cols(['FOO', INTEGER]), { format: 'NONE' }, 'value'))).to.match(/The 'NONE' format can only be used when no columns are defined. Got: \[`FOO` INTEGER\]$/);
  });
});

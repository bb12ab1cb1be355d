/** Config definition of the StdoutSink. */
import type { ConfigDef } from '../../api/types.js';
import { oneOf } from '../../api/config-validators.js';

export const FORMAT_CONFIG = 'format';
export type StdoutFormat = 'record' | 'value';

export const STDOUT_SINK_CONFIG: ConfigDef = [
  {
    name: FORMAT_CONFIG,
    type: 'string',
    default: 'record',
    importance: 'medium',
    validator: oneOf('record', 'value'),
    documentation:
      'record: one JSON object per record with topic, partition, offset, timestamp, key, value and headers; ' +
      'value: the value alone, as the FileStream sink writes it',
  },
];

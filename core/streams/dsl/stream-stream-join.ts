/** Stream-stream windowed joins (stub: implemented in the joins work). */
import { FjordError } from '../../errors.js';
import type { JoinWindows } from '../windows/join-windows.js';
import type { KStream } from './kstream.js';
import type { StreamJoined } from './options.js';

export function streamStreamJoin<K, V, VO, VR>(left: KStream<K, V>, right: KStream<K, VO>, joiner: (value: any, otherValue: any) => VR, windows: JoinWindows, kind: 'inner' | 'left' | 'outer', joined?: StreamJoined<K, V, VO>): KStream<K, VR> {
  void left; void right; void joiner; void windows; void kind; void joined;
  throw new FjordError('INVALID_ARGUMENT', 'stream-stream joins are not implemented yet');
}

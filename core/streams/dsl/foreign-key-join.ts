/** KTable foreign-key joins (stub: implemented in the joins work). */
import { FjordError } from '../../errors.js';
import type { KTable } from './ktable.js';
import type { Materialized } from './options.js';

export function foreignKeyJoin<K, V, KO, VO, VR>(left: KTable<K, V>, right: KTable<KO, VO>, fkExtractor: (value: V) => KO | null, joiner: (value: V, otherValue: VO) => VR, leftJoin: boolean, materialized?: Materialized<K, VR>): KTable<K, VR> {
  void left; void right; void fkExtractor; void joiner; void leftJoin; void materialized;
  throw new FjordError('INVALID_ARGUMENT', 'foreign-key joins are not implemented yet');
}

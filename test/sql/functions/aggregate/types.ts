/** Type constants the aggregate tests share. */
export { BIGINT, BOOLEAN, BYTES, DATE, DOUBLE, INTEGER, STRING, TIME, TIMESTAMP, array, decimal, map, struct } from '../../../../sql/types/types.js';
import { DOUBLE, INTEGER, array } from '../../../../sql/types/types.js';

export const ARRAY_DOUBLE = array(DOUBLE);
export const ARRAY_INT = array(INTEGER);

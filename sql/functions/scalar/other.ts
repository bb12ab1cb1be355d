/** GEO_DISTANCE, AS_VALUE and the other functions with no family of their own. */
import { SqlError } from '../../errors.js';
import type { FunctionFactory } from '../types.js';
import { scalar, sig } from './define.js';

const EARTH_RADIUS_KM = 6371;
const EARTH_RADIUS_MILES = 3959;
const MILES = ['mi', 'mile', 'miles'];
const KMS = ['km', 'kilometer', 'kilometers', 'kilometre', 'kilometres'];

function radiusOf(unit: string | null): number {
  const u = unit === null ? '' : unit.trim().toLowerCase();
  if (u === '' || KMS.includes(u)) return EARTH_RADIUS_KM;
  if (MILES.includes(u)) return EARTH_RADIUS_MILES;
  throw new SqlError('GeoDistance function units parameter must be one of mi, mile, miles, km, kilometer, kilometers, '
    + 'kilometre or kilometres. Values are case-insensitive.');
}

function checkCoordinates(lat1: number, lon1: number, lat2: number, lon2: number): void {
  if (lat1 < -90 || lat2 < -90 || lat1 > 90 || lat2 > 90) {
    throw new SqlError('valid latitude values for GeoDistance function are in the range of -90 to 90 decimal degrees');
  }
  if (lon1 < -180 || lon2 < -180 || lon1 > 180 || lon2 > 180) {
    throw new SqlError('valid longitude values for GeoDistance function are in the range of -180 to +180 decimal degrees');
  }
}

/** Java 8's Math.toRadians (its rounding is what ksqlDB's results carry). */
const toRadians = (deg: number): number => (deg / 180) * Math.PI;
const haversin = (x: number): number => Math.sin(x / 2) ** 2;

/** Great-circle distance by the haversine formula, computed in ksqlDB's order. */
function geoDistance(lat1: number, lon1: number, lat2: number, lon2: number, unit: string | null = null): number {
  checkCoordinates(lat1, lon1, lat2, lon2);
  const r = radiusOf(unit);
  const a = haversin(toRadians(lat2 - lat1)) + haversin(toRadians(lon2 - lon1)) * Math.cos(toRadians(lat1)) * Math.cos(toRadians(lat2));
  return 2 * Math.asin(Math.sqrt(a)) * r;
}

export const otherFunctions: FunctionFactory<'SCALAR'>[] = [
  scalar('geo_distance', 'GEOMETRIC', 'The great-circle distance between two lat-long points, in km (default) or miles.', [
    sig('DOUBLE', ['DOUBLE', 'DOUBLE', 'DOUBLE', 'DOUBLE'], (a: number, b: number, c: number, d: number) => geoDistance(a, b, c, d)),
    sig('DOUBLE', ['DOUBLE', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'STRING'], (a: number | null, b: number | null, c: number | null, d: number | null, u: string | null) =>
      (a === null || b === null || c === null || d === null ? null : geoDistance(a, b, c, d, u)), { nulls: true }),
  ]),
  // The analyzer gives AS_VALUE its meaning (copying a key column into the value); as a function it is the identity.
  scalar('AS_VALUE', 'OTHER', 'Copies a row\'s key column into the row\'s value.', [
    sig('T', ['T'], (v: unknown) => v, { nulls: true }),
  ]),
];

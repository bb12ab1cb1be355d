/**
 * Errors the generated codecs throw for bad calls (as opposed to bad bytes, which WireReader
 * reports). They are built here so the generated modules stay free of message wording.
 */
import { FjordError } from '../errors.js';

/** A null (or missing) value for a field that cannot be null in `version`. */
export function notNullable(field: string, version: number): FjordError {
  return new FjordError('INVALID_ARGUMENT', `${field} cannot be null in version ${version}`);
}

/** A version outside the schema's validVersions for `message`. */
export function unsupportedVersion(message: string, version: number): FjordError {
  return new FjordError('UNSUPPORTED_VERSION', `${message} has no version ${version}`);
}

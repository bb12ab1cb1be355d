/**
 * Kafka ConfigDef's validators (ConfigDef.Range, ValidString, ValidList, NonEmptyString, ...).
 * Each throws a reason string in Kafka's wording; `parseConfig` wraps it as
 * `Invalid value <v> for configuration <key>: <reason>`. Null passes every validator except
 * `nonNull`, as in Kafka, so optional keys with a null default validate.
 */
import type { ConfigValidator, ConfigValue } from './types.js';

/** Numbers in [min, max]; either bound may be omitted (Kafka's Range.between / atLeast). */
export function range(min?: number, max?: number): ConfigValidator {
  return (_name, value) => {
    if (value === null) return;
    if (typeof value !== 'number') throw `Expected a number but got ${typeof value}`;
    if (min !== undefined && value < min) throw `Value must be at least ${min}`;
    if (max !== undefined && value > max) throw `Value must be no more than ${max}`;
  };
}

/** Numbers >= min (Kafka's Range.atLeast). */
export function atLeast(min: number): ConfigValidator {
  return range(min, undefined);
}

/** One of the given strings, case-sensitive (Kafka's ValidString.in). */
export function oneOf(...allowed: string[]): ConfigValidator {
  return (_name, value) => {
    if (value === null) return;
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw `String must be one of: ${allowed.join(', ')}`;
    }
  };
}

/** One of the given strings ignoring case (Kafka's CaseInsensitiveValidString.in). */
export function oneOfIgnoreCase(...allowed: string[]): ConfigValidator {
  const lower = allowed.map((a) => a.toLowerCase());
  return (_name, value) => {
    if (value === null) return;
    if (typeof value !== 'string' || !lower.includes(value.toLowerCase())) {
      throw `String must be one of (case insensitive): ${allowed.join(', ')}`;
    }
  };
}

/** A string that is not empty (Kafka's NonEmptyString). */
export const nonEmptyString: ConfigValidator = (_name, value) => {
  if (value === '') throw 'String must be non-empty';
};

/** A non-empty string without ISO control characters (Kafka's NonEmptyStringWithoutControlChars). */
export const nonEmptyStringWithoutControlChars: ConfigValidator = (name, value) => {
  if (value === null) throw 'String may not be null';
  nonEmptyString(name, value);
  // eslint-disable-next-line no-control-regex
  if (typeof value === 'string' && /[\u0000-\u001f\u007f-\u009f]/.test(value)) {
    throw 'String may not contain control sequences but had the following ASCII chars: ' +
      [...value].filter((c) => /[\u0000-\u001f\u007f-\u009f]/.test(c)).map((c) => c.charCodeAt(0)).join(', ');
  }
};

/** Any value but null (Kafka's NonNullValidator). */
export const nonNull: ConfigValidator = (_name, value) => {
  if (value === null) throw 'Entry must be non null';
};

/** A list whose every entry is one of `allowed` (Kafka's ValidList.in). */
export function validList(...allowed: string[]): ConfigValidator {
  return (_name, value) => {
    if (value === null) return;
    const items = Array.isArray(value) ? value : [String(value)];
    for (const item of items) {
      if (!allowed.includes(item)) throw `String must be one of: ${allowed.join(', ')}`;
    }
  };
}

/** A list without repeated entries (Kafka Connect's alias validator for transforms/predicates). */
export const noDuplicates: ConfigValidator = (_name, value) => {
  if (Array.isArray(value) && new Set(value).size < value.length) throw 'Duplicate alias provided.';
};

/** A list without empty entries. */
export const nonEmptyListEntries: ConfigValidator = (_name, value) => {
  if (Array.isArray(value) && value.some((v) => v === '')) throw 'Empty list element is not allowed';
};

/** A string that compiles as a JavaScript regular expression (used for Java regexes). */
export const validRegex: ConfigValidator = (_name, value) => {
  if (value === null || value === '') return;
  try {
    new RegExp(String(value));
  } catch (err) {
    throw `Invalid regular expression: ${(err as Error).message}`;
  }
};

/** Runs validators in order; the first failure wins (Kafka's CompositeValidator). */
export function all(...validators: ConfigValidator[]): ConfigValidator {
  return (name, value: ConfigValue) => {
    for (const v of validators) v(name, value);
  };
}

/** A list with at least one entry (Kafka's NonEmptyListValidator). */
export const nonEmptyList: ConfigValidator = (_name, value) => {
  if (Array.isArray(value) && value.length === 0) throw 'Empty list';
};

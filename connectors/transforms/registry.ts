/**
 * Built-in transforms and predicates by Kafka's full class names
 * (`org.apache.kafka.connect.transforms.InsertField$Value`,
 * `org.apache.kafka.connect.transforms.predicates.HasHeaderKey`) and by their short names
 * (`InsertField$Value`, `HasHeaderKey`). Plugin classes come through a `load` function.
 */
import type { PredicateClass, TransformationClass } from '../api/types.js';
import { Cast$Key, Cast$Value } from './cast.js';
import { DropHeaders } from './drop-headers.js';
import { ExtractField$Key, ExtractField$Value } from './extract-field.js';
import { Filter } from './filter.js';
import { Flatten$Key, Flatten$Value } from './flatten.js';
import { HeaderFrom$Key, HeaderFrom$Value } from './header-from.js';
import { HoistField$Key, HoistField$Value } from './hoist-field.js';
import { InsertField$Key, InsertField$Value } from './insert-field.js';
import { InsertHeader } from './insert-header.js';
import { MaskField$Key, MaskField$Value } from './mask-field.js';
import { HasHeaderKey } from './predicates/has-header-key.js';
import { RecordIsTombstone } from './predicates/record-is-tombstone.js';
import { TopicNameMatches } from './predicates/topic-name-matches.js';
import { RegexRouter } from './regex-router.js';
import { ReplaceField$Key, ReplaceField$Value } from './replace-field.js';
import { SetSchemaMetadata$Key, SetSchemaMetadata$Value } from './set-schema-metadata.js';
import { TimestampConverter$Key, TimestampConverter$Value } from './timestamp-converter.js';
import { TimestampRouter } from './timestamp-router.js';
import { ValueToKey } from './value-to-key.js';

const TRANSFORMS_PACKAGE = 'org.apache.kafka.connect.transforms.';
const PREDICATES_PACKAGE = 'org.apache.kafka.connect.transforms.predicates.';

const transforms: Record<string, TransformationClass> = {
  Cast$Key, Cast$Value, DropHeaders, ExtractField$Key, ExtractField$Value, Filter, Flatten$Key, Flatten$Value,
  HeaderFrom$Key, HeaderFrom$Value, HoistField$Key, HoistField$Value, InsertField$Key, InsertField$Value, InsertHeader,
  MaskField$Key, MaskField$Value, RegexRouter, ReplaceField$Key, ReplaceField$Value, SetSchemaMetadata$Key, SetSchemaMetadata$Value, TimestampConverter$Key,
  TimestampConverter$Value, TimestampRouter, ValueToKey,
};

const predicates: Record<string, PredicateClass> = { HasHeaderKey, RecordIsTombstone, TopicNameMatches };

/** Built-in transformations by full class name. */
export const BUILT_IN_TRANSFORMS: Readonly<Record<string, TransformationClass>> = Object.fromEntries(
  Object.entries(transforms).map(([name, cls]) => [TRANSFORMS_PACKAGE + name, cls]),
);

/** Built-in predicates by full class name. */
export const BUILT_IN_PREDICATES: Readonly<Record<string, PredicateClass>> = Object.fromEntries(
  Object.entries(predicates).map(([name, cls]) => [PREDICATES_PACKAGE + name, cls]),
);

/** A built-in transformation by full or short name, else whatever `load` returns. */
export function findTransformationClass(className: string, load?: (className: string) => unknown): unknown {
  const name = className.trim();
  return BUILT_IN_TRANSFORMS[name] ?? (Object.hasOwn(transforms, name) ? transforms[name] : undefined) ?? load?.(name);
}

/** A built-in predicate by full or short name, else whatever `load` returns. */
export function findPredicateClass(className: string, load?: (className: string) => unknown): unknown {
  const name = className.trim();
  return BUILT_IN_PREDICATES[name] ?? (Object.hasOwn(predicates, name) ? predicates[name] : undefined) ?? load?.(name);
}

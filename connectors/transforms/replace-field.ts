/**
 * Kafka's ReplaceField$Key / ReplaceField$Value: keeps only `include` fields (all when empty),
 * drops `exclude` fields (which win over include), and renames `old:new` pairs. The pre-2.7
 * names `whitelist`/`blacklist` still work when `include`/`exclude` are not given. Null values
 * pass through unchanged.
 */
import { invalidConfig } from '../api/config-def.js';
import { structHeader } from '../api/data/schemas.js';
import type { ConfigDef, ConnectRecord, Schema, Transformation } from '../api/types.js';
import { partSchema, partValue, withPart, type RecordPart } from './util/record-part.js';
import { fieldValue, requireMap, requireStruct, setOwn } from './util/requirements.js';
import { SchemaCache } from './util/schema-cache.js';
import { REPLACE_NULL_WITH_DEFAULT, parseTransformConfig } from './util/transform-config.js';

const PURPOSE = 'field replacement';

/** Config keys, defaults and docs (Kafka's ConfigDef for this class). */
export const REPLACE_FIELD_CONFIG: ConfigDef = [
  { name: 'exclude', type: 'list', default: [], importance: 'medium', documentation: 'Fields to exclude. This takes precedence over the fields to include.' },
  { name: 'include', type: 'list', default: [], importance: 'medium', documentation: 'Fields to include. If specified, only these fields will be used.' },
  { name: 'renames', type: 'list', default: [], importance: 'medium', documentation: 'Field rename mappings.',
    validator: (name, value) => {
      for (const mapping of value as string[]) {
        if (!/^[^:]+:[^:]+$/.test(mapping)) invalidConfig(name, value, `Invalid rename mapping: ${mapping}`);
      }
    } },
  { name: 'blacklist', type: 'list', default: null, importance: 'low', documentation: 'Deprecated. Use exclude instead.' },
  { name: 'whitelist', type: 'list', default: null, importance: 'low', documentation: 'Deprecated. Use include instead.' },
  REPLACE_NULL_WITH_DEFAULT,
];

/** Shared logic of ReplaceField$Key and ReplaceField$Value. */
export abstract class ReplaceField<R extends ConnectRecord = ConnectRecord> implements Transformation<R> {
  protected abstract readonly part: RecordPart;
  private exclude = new Set<string>();
  private include = new Set<string>();
  private renames = new Map<string, string>();
  private replaceNullWithDefault = true;
  private readonly schemas = new SchemaCache();

  configure(props: Record<string, string>): void {
    const c = parseTransformConfig(REPLACE_FIELD_CONFIG, props, this.constructor.name);
    this.exclude = new Set((props.exclude === undefined ? c.blacklist ?? c.exclude : c.exclude) as string[]);
    this.include = new Set((props.include === undefined ? c.whitelist ?? c.include : c.include) as string[]);
    this.renames = new Map((c.renames as string[]).map((m) => m.split(':') as [string, string]));
    this.replaceNullWithDefault = c['replace.null.with.default'] as boolean;
  }

  config(): ConfigDef {
    return REPLACE_FIELD_CONFIG;
  }

  private keeps(name: string): boolean {
    return !this.exclude.has(name) && (this.include.size === 0 || this.include.has(name));
  }

  private renamed(name: string): string {
    return this.renames.get(name) ?? name;
  }

  apply(record: R): R {
    const value = partValue(record, this.part);
    if (value === null || value === undefined) return record;
    const schema = partSchema(record, this.part);
    const updated: Record<string, unknown> = {};
    if (schema === null) {
      for (const [k, v] of Object.entries(requireMap(value, PURPOSE))) if (this.keeps(k)) setOwn(updated, this.renamed(k), v);
      return withPart(record, this.part, null, updated);
    }
    const struct = requireStruct(schema, value, PURPOSE);
    const updatedSchema = this.schemas.get(schema, (s) => this.makeSchema(s));
    for (const f of schema.fields ?? []) {
      if (this.keeps(f.field)) setOwn(updated, this.renamed(f.field), fieldValue(struct, f.field, f.schema, this.replaceNullWithDefault));
    }
    return withPart(record, this.part, updatedSchema, updated);
  }

  private makeSchema(schema: Schema): Schema {
    const fields = (schema.fields ?? []).filter((f) => this.keeps(f.field)).map((f) => ({ field: this.renamed(f.field), schema: f.schema }));
    return { ...structHeader(schema), fields };
  }
}

/** ReplaceField on the record key. */
export class ReplaceField$Key<R extends ConnectRecord = ConnectRecord> extends ReplaceField<R> {
  protected readonly part = 'key';
}

/** ReplaceField on the record value. */
export class ReplaceField$Value<R extends ConnectRecord = ConnectRecord> extends ReplaceField<R> {
  protected readonly part = 'value';
}

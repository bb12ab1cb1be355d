/**
 * PostgresSourceConnector: the Confluent JDBC source's keys for Postgres. Tables come from
 * table.whitelist/table.include.list, or (when unset) are listed once at start from the current
 * schema, minus table.blacklist/table.exclude.list; they are spread over up to tasks.max tasks.
 * A custom query runs in one task. Listing uses its own connection and closes it before any task
 * starts (a PGlite socket server admits one connection at a time).
 */
import { SourceConnector, type ConfigDef, type TaskClass } from '../../../api/types.js';
import { crossKeyErrors } from '../../common/config.js';
import { BUILTIN_PLUGIN_VERSION } from '../../common/version.js';
import { Waker } from '../../common/waker.js';
import { connect } from '../connection.js';
import { POSTGRES_SOURCE_CONFIG, TABLES_CONFIG } from './config.js';
import { PostgresSourceTask } from './postgres-source-task.js';
import { parsePostgresSourceSettings, type PostgresSourceSettings } from './source-settings.js';

export class PostgresSourceConnector extends SourceConnector {
  private props: Record<string, string> = {};
  private settings!: PostgresSourceSettings;
  private tables: string[] = [];
  private readonly waker = new Waker();

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  async start(props: Record<string, string>): Promise<void> {
    this.settings = parsePostgresSourceSettings(props, 'PostgresSourceConnector');
    this.props = { ...props };
    if (this.settings.query !== '') return;
    const listed = this.settings.includeTables.length > 0 ? this.settings.includeTables : await this.listTables();
    this.tables = listed.filter((t) => !this.settings.excludeTables.includes(t));
  }

  private async listTables(): Promise<string[]> {
    const client = await connect(this.settings.connection, 'PostgresSourceConnector', this.waker);
    try {
      const result = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
      );
      return result.rows.map((r) => r.table_name);
    } finally {
      await client.end().catch(() => {});
    }
  }

  taskClass(): TaskClass {
    return PostgresSourceTask;
  }

  /** The query in one task, or the tables dealt round-robin over at most `maxTasks` tasks. */
  taskConfigs(maxTasks: number): Record<string, string>[] {
    if (this.settings.query !== '') return [{ ...this.props }];
    const groups: string[][] = Array.from({ length: Math.min(maxTasks, this.tables.length) }, () => []);
    this.tables.forEach((t, i) => groups[i % groups.length].push(t));
    return groups.map((tables) => ({ ...this.props, [TABLES_CONFIG]: tables.join(',') }));
  }

  /** Checks between keys, reported by key at creation (single keys are checked against config()). */
  override validate(props: Record<string, string>): Record<string, string[]> {
    return crossKeyErrors(() => parsePostgresSourceSettings(props, 'PostgresSourceConnector'));
  }

  stop(): void {
    this.waker.wake();
  }

  config(): ConfigDef {
    return POSTGRES_SOURCE_CONFIG;
  }
}

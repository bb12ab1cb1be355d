/**
 * Connector configs, task configs and target states in `config.storage.topic`, with Kafka
 * Connect's keys and values: `connector-<name>` → `{"properties":{...}}`, `task-<name>-<n>` →
 * `{"properties":{...}}`, `commit-<name>` → `{"tasks":N}` (task configs count only once
 * committed), `target-state-<name>` → `{"state":..., "state.v2":...}`. A deleted connector is a
 * tombstone on its `connector-` and `target-state-` keys.
 */
import type { ConsumerRecord } from '../../core/client/record-types.js';
import type { InternalTopic } from './internal-topic.js';

/** STARTED runs tasks, PAUSED keeps them but idle, STOPPED has no connector instance nor tasks. */
export type TargetState = 'STARTED' | 'PAUSED' | 'STOPPED';

export interface StoredConnector {
  config: Record<string, string>;
  taskConfigs: Record<string, string>[];
  targetState: TargetState;
}

export class ConfigStore {
  private readonly connectors = new Map<string, StoredConnector>();
  /** Task configs written but not yet committed, per connector. */
  private readonly pendingTasks = new Map<string, Map<number, Record<string, string>>>();

  constructor(private readonly log: InternalTopic, records: ConsumerRecord[]) {
    for (const r of records) if (r.key) this.apply(r.key.toString('utf8'), r.value === null ? null : (JSON.parse(r.value.toString('utf8')) as Record<string, unknown>));
  }

  private apply(key: string, value: Record<string, unknown> | null): void {
    let m: RegExpExecArray | null;
    if (key.startsWith('connector-')) {
      const name = key.slice('connector-'.length);
      if (value === null) {
        this.connectors.delete(name);
        return;
      }
      const existing = this.connectors.get(name);
      const config = value.properties as Record<string, string>;
      this.connectors.set(name, { config, taskConfigs: existing?.taskConfigs ?? [], targetState: existing?.targetState ?? 'STARTED' });
    } else if ((m = /^task-(.*)-(\d+)$/.exec(key))) {
      const pending = this.pendingTasks.get(m[1]) ?? new Map<number, Record<string, string>>();
      if (value) pending.set(Number(m[2]), value.properties as Record<string, string>);
      this.pendingTasks.set(m[1], pending);
    } else if (key.startsWith('commit-')) {
      const name = key.slice('commit-'.length);
      const count = Number(value?.tasks ?? 0);
      const pending = this.pendingTasks.get(name) ?? new Map<number, Record<string, string>>();
      const c = this.connectors.get(name);
      if (c) c.taskConfigs = Array.from({ length: count }, (_, i) => pending.get(i) ?? {});
      this.pendingTasks.delete(name);
    } else if (key.startsWith('target-state-')) {
      const name = key.slice('target-state-'.length);
      const c = this.connectors.get(name);
      if (c && value) c.targetState = ((value['state.v2'] ?? value.state) as TargetState) ?? 'STARTED';
    }
  }

  names(): string[] {
    return [...this.connectors.keys()].sort();
  }

  get(name: string): StoredConnector | undefined {
    return this.connectors.get(name);
  }

  async putConnectorConfig(name: string, config: Record<string, string>): Promise<void> {
    await this.write(`connector-${name}`, { properties: config });
  }

  /** Writes each task's config, then the commit record that makes them count. */
  async putTaskConfigs(name: string, taskConfigs: Record<string, string>[]): Promise<void> {
    for (let i = 0; i < taskConfigs.length; i++) await this.write(`task-${name}-${i}`, { properties: taskConfigs[i] });
    await this.write(`commit-${name}`, { tasks: taskConfigs.length });
  }

  async putTargetState(name: string, state: TargetState): Promise<void> {
    // Kafka 3.5+: `state` stays readable by older workers (which know no STOPPED), `state.v2` is the truth.
    await this.write(`target-state-${name}`, { state: state === 'STOPPED' ? 'PAUSED' : state, 'state.v2': state });
  }

  async removeConnector(name: string): Promise<void> {
    await this.write(`connector-${name}`, null);
    await this.write(`target-state-${name}`, null);
  }

  private async write(key: string, value: Record<string, unknown> | null): Promise<void> {
    await this.log.write(key, value === null ? null : JSON.stringify(value));
    this.apply(key, value);
  }
}

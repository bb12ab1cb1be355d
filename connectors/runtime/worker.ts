/**
 * The Connect worker (Kafka's standalone herder over Kafka-backed stores): reads the internal
 * topics on start, resumes every connector in its stored target state, and offers what the REST
 * API and the CLI need — create, reconfigure, pause, resume, stop, restart, delete, status,
 * offsets, active topics, plugins and validation. Operations that change a connector run one at
 * a time. I/O (clients, clock, timers, logger) is passed in.
 */
import os from 'node:os';
import type { Clock } from '../../core/io/clock.js';
import type { Logger } from '../../core/io/logger.js';
import type { Timers } from '../../core/io/timers.js';
import type { ConfigInfos } from '../api/config-def.js';
import { ConfigStore, type TargetState } from './config-store.js';
import { badRequest, ConnectError, connectorExists, connectorNotFound, taskNotFound } from './connect-errors.js';
import { ConnectorRunner, type ConnectorEnv, type TaskErrorSetup } from './connector-runner.js';
import { requireValid, validateConnectorConfig } from './connector-validation.js';
import { InternalTopic, type ConnectClients } from './internal-topic.js';
import { OffsetStore } from './offset-store.js';
import type { PluginRegistry } from './plugin-registry.js';
import type { TransformChain } from './record-stages.js';
import { StatusStore, type Status } from './status-store.js';
import type { WorkerConfig } from './worker-config.js';
import { ConnectorOffsets, type OffsetsBody } from './connector-offsets.js';

export interface WorkerOptions {
  config: WorkerConfig;
  clients: ConnectClients;
  plugins: PluginRegistry;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  /** Builds a connector's transform chain (throws on a bad transforms config). */
  transforms(config: Record<string, string>): TransformChain;
  /** Builds a task's error handling from the connector's errors.* keys. */
  errors(config: Record<string, string>, connector: string, taskId: number, type: 'source' | 'sink'): TaskErrorSetup;
}

/** GET /connectors/{name}: Kafka's ConnectorInfo. */
export interface ConnectorInfo {
  name: string;
  config: Record<string, string>;
  tasks: { connector: string; task: number }[];
  type: 'source' | 'sink' | 'unknown';
}

/** GET /connectors/{name}/status: Kafka's ConnectorStateInfo. */
export interface ConnectorStateInfo {
  name: string;
  connector: StateInfo;
  tasks: (StateInfo & { id: number })[];
  type: 'source' | 'sink' | 'unknown';
}

export interface StateInfo {
  state: string;
  worker_id: string;
  trace?: string;
}

function stateInfo(s: Status | undefined, workerId: string): StateInfo {
  const out: StateInfo = { state: s?.state ?? 'UNASSIGNED', worker_id: s?.workerId ?? workerId };
  if (s?.trace) out.trace = s.trace;
  return out;
}

export class Worker {
  private readonly runners = new Map<string, ConnectorRunner>();
  private workerIdValue: string;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly env: ConnectorEnv;
  readonly offsetsApi: ConnectorOffsets;

  private constructor(
    private readonly o: WorkerOptions,
    private readonly logs: InternalTopic[],
    private readonly configs: ConfigStore,
    private readonly statuses: StatusStore,
    private readonly offsets: OffsetStore,
  ) {
    this.workerIdValue = `${o.config.advertisedHost ?? os.hostname()}:${o.config.advertisedPort ?? o.config.restPort}`;
    this.env = {
      worker: o.config, clients: o.clients, plugins: o.plugins, offsets, statuses, configs,
      clock: o.clock, timers: o.timers, logger: o.logger,
      workerId: () => this.workerIdValue,
      transforms: o.transforms,
      errors: o.errors,
    };
    this.offsetsApi = new ConnectorOffsets(o.clients, offsets, (name) => this.runner(name));
  }

  /** Opens the internal topics (creating them if missing) and reads them; connectors start with startConnectors(). */
  static async open(o: WorkerOptions): Promise<Worker> {
    const c = o.config;
    const [offsets, configs, statuses] = await Promise.all([
      InternalTopic.open(o.clients, c.offsetStorageTopic, c.offsetStoragePartitions, 'connect-offsets'),
      InternalTopic.open(o.clients, c.configStorageTopic, 1, 'connect-configs'),
      InternalTopic.open(o.clients, c.statusStorageTopic, c.statusStoragePartitions, 'connect-status'),
    ]);
    return new Worker(
      o,
      [offsets.log, configs.log, statuses.log],
      new ConfigStore(configs.log, configs.records),
      new StatusStore(statuses.log, statuses.records, o.clock, o.logger),
      new OffsetStore(offsets.log, offsets.records),
    );
  }

  /** `host:port` shown as worker_id (set once the REST listener has its port). */
  get workerId(): string {
    return this.workerIdValue;
  }

  setWorkerId(id: string): void {
    this.workerIdValue = id;
  }

  /** Runs `fn` after every earlier connector operation finished. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /** Starts every connector stored in the config topic, in its stored target state. */
  startConnectors(): Promise<void> {
    return this.serial(async () => {
      for (const name of this.configs.names()) {
        const stored = this.configs.get(name)!;
        try {
          const entry = this.o.plugins.connector(stored.config['connector.class'] ?? '');
          const runner = new ConnectorRunner(name, entry, stored.config, this.env);
          this.runners.set(name, runner);
          await runner.start(stored.targetState);
        } catch (err) {
          this.o.logger.error(`could not resume connector ${name}: ${(err as Error).message}`);
          this.statuses.setConnector(name, { state: 'FAILED', trace: (err as Error).stack ?? String(err), workerId: this.workerId });
        }
      }
    });
  }

  connectorNames(): string[] {
    return this.configs.names();
  }

  private runner(name: string): ConnectorRunner {
    const r = this.runners.get(name);
    if (!r || !this.configs.get(name)) throw connectorNotFound(name);
    return r;
  }

  private requireConnector(name: string): void {
    if (!this.configs.get(name)) throw connectorNotFound(name);
  }

  /** Validates a config for the validate endpoint (never throws for config errors, only for an unknown class). */
  validate(props: Record<string, string>): ConfigInfos {
    return validateConnectorConfig(this.o.plugins, props, (p) => this.checkTransforms(p)).infos;
  }

  private checkTransforms(props: Record<string, string>): string | null {
    try {
      this.o.transforms(props);
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  }

  /**
   * Creates a connector, or replaces its config when `allowReplace` (PUT .../config). Returns
   * whether it was created. A bad config is a 400 with Kafka's message, an existing name without
   * allowReplace a 409.
   */
  putConnectorConfig(name: string, config: Record<string, string>, allowReplace: boolean): Promise<{ created: boolean; info: ConnectorInfo }> {
    return this.serial(async () => {
      if (name.trim() === '') throw badRequest('Connector name must not be empty');
      if (/[\u0000-\u001f\u007f]/.test(name)) throw badRequest(`Connector name ${JSON.stringify(name)} must not contain ISO control characters`);
      const full = { ...config, name };
      const validated = validateConnectorConfig(this.o.plugins, full, (p) => this.checkTransforms(p));
      requireValid(validated);
      const exists = this.configs.get(name) !== undefined;
      if (exists && !allowReplace) throw connectorExists(name);
      const old = this.runners.get(name);
      const target = this.configs.get(name)?.targetState ?? 'STARTED';
      if (old) await old.stop();
      await this.configs.putConnectorConfig(name, full);
      if (!exists) await this.configs.putTargetState(name, 'STARTED');
      const runner = new ConnectorRunner(name, validated.entry, full, this.env);
      this.runners.set(name, runner);
      await runner.start(exists ? target : 'STARTED');
      return { created: !exists, info: this.info(name) };
    });
  }

  /** PATCH .../config: merges the patch (null removes a key) into the current config. */
  async patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<ConnectorInfo> {
    this.requireConnector(name);
    const merged: Record<string, string> = { ...this.configs.get(name)!.config };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete merged[k];
      else merged[k] = v;
    }
    return (await this.putConnectorConfig(name, merged, true)).info;
  }

  config(name: string): Record<string, string> {
    this.requireConnector(name);
    return { ...this.configs.get(name)!.config };
  }

  /** Stored task configs; a connector whose class could not be loaded has a FAILED status and no runner, but is still listed. */
  private storedTaskConfigs(name: string): Record<string, string>[] {
    this.requireConnector(name);
    return this.runners.get(name)?.taskConfigs() ?? [];
  }

  /** source or sink; `unknown` when its class could not be loaded (Kafka's ConnectorType.UNKNOWN). */
  private typeOf(name: string): ConnectorInfo['type'] {
    return this.runners.get(name)?.type ?? 'unknown';
  }

  info(name: string): ConnectorInfo {
    return {
      name,
      config: this.config(name),
      tasks: this.storedTaskConfigs(name).map((_, task) => ({ connector: name, task })),
      type: this.typeOf(name),
    };
  }

  /** GET .../tasks: each task's id and config. */
  tasks(name: string): { id: { connector: string; task: number }; config: Record<string, string> }[] {
    return this.storedTaskConfigs(name).map((config, task) => ({ id: { connector: name, task }, config }));
  }

  status(name: string): ConnectorStateInfo {
    const count = this.storedTaskConfigs(name).length;
    const tasks = Array.from({ length: count }, (_, id) => ({ id, ...stateInfo(this.statuses.task(name, id), this.workerId) }));
    return { name, connector: stateInfo(this.statuses.connector(name), this.workerId), tasks, type: this.typeOf(name) };
  }

  taskStatus(name: string, id: number): StateInfo & { id: number } {
    if (!Number.isInteger(id) || id < 0 || id >= this.storedTaskConfigs(name).length) throw taskNotFound(name, id);
    return { id, ...stateInfo(this.statuses.task(name, id), this.workerId) };
  }

  deleteConnector(name: string): Promise<void> {
    return this.serial(async () => {
      this.requireConnector(name);
      await this.runners.get(name)?.stop();
      this.runners.delete(name);
      await this.configs.removeConnector(name);
      this.statuses.remove(name);
    });
  }

  /** PUT .../pause, .../resume, .../stop. */
  setTargetState(name: string, target: TargetState): Promise<void> {
    return this.serial(async () => {
      const runner = this.runner(name);
      await this.configs.putTargetState(name, target);
      await runner.transition(target);
    });
  }

  /** POST .../restart. Returns the status (with RESTARTING states) when includeTasks or onlyFailed is given. */
  restartConnector(name: string, includeTasks: boolean, onlyFailed: boolean): Promise<ConnectorStateInfo> {
    const runner = this.runner(name);
    // Kafka answers with the states as the restart begins (RESTARTING), so take them before it runs.
    const plan = runner.planRestart(includeTasks, onlyFailed);
    const status = this.status(name);
    return this.serial(() => runner.restart(plan)).then(() => status);
  }

  restartTask(name: string, id: number): Promise<void> {
    const runner = this.runner(name);
    if (!Number.isInteger(id) || id < 0 || id >= runner.taskConfigs().length) throw taskNotFound(name, id);
    return this.serial(() => runner.restartTask(id));
  }

  /** GET .../topics: `{"<name>": {"topics": [...]}}`. */
  activeTopics(name: string): Record<string, { topics: string[] }> {
    this.requireConnector(name);
    return { [name]: { topics: this.statuses.activeTopics(name) } };
  }

  resetActiveTopics(name: string): void {
    this.requireConnector(name);
    this.statuses.resetTopics(name);
  }

  getOffsets(name: string): Promise<OffsetsBody> {
    return this.offsetsApi.get(name);
  }

  alterOffsets(name: string, body: unknown): Promise<{ message: string }> {
    return this.serial(() => this.offsetsApi.alter(name, body));
  }

  resetOffsets(name: string): Promise<{ message: string }> {
    return this.serial(() => this.offsetsApi.reset(name));
  }

  /** Stops every connector (flushing source offsets and committing sink offsets) and closes the internal topics' producers. */
  close(): Promise<void> {
    return this.serial(async () => {
      await Promise.all([...this.runners.values()].map((r) => r.stop()));
      this.runners.clear();
      await this.statuses.flush();
      await Promise.all(this.logs.map((l) => l.close()));
    });
  }

  /** The plugin registry (for GET /connector-plugins). */
  get plugins(): PluginRegistry {
    return this.o.plugins;
  }

  /** Whether a ConnectError is what the caller sees; anything else is a 500. */
  static isClientError(err: unknown): err is ConnectError {
    return err instanceof ConnectError;
  }
}

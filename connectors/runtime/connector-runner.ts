/**
 * One connector on this worker: its instance (start → taskConfigs(tasks.max) → stop) and its
 * task runners, driven to a target state (STARTED, PAUSED, STOPPED). Statuses go to the status
 * store; task configs to the config store when they change (with Kafka's `task.class` key).
 */
import type { Producer } from '../../core/client/producer.js';
import type { ConsumerRecord } from '../../core/client/record-types.js';
import type { Clock } from '../../core/io/clock.js';
import type { Logger } from '../../core/io/logger.js';
import type { Timers } from '../../core/io/timers.js';
import type { Connector, ConnectorContext, SinkTask, SourceTask } from '../api/types.js';
import type { ConfigStore, TargetState } from './config-store.js';
import type { ConnectClients } from './internal-topic.js';
import type { OffsetStore } from './offset-store.js';
import { initializePlugin, taskType } from './plugin-checks.js';
import type { PluginEntry, PluginRegistry } from './plugin-registry.js';
import { sinkStages, sourceStages, type TransformChain } from './record-stages.js';
import { SinkTaskRunner } from './sink-task-runner.js';
import { SourceTaskRunner } from './source-task-runner.js';
import type { ConnectState, StatusStore } from './status-store.js';
import { taskConsumerConfig, taskProducerConfig } from './client-configs.js';
import { buildConverters } from './task-pipeline.js';
import { traceOf, type TaskRunnerBase, type TaskState } from './task-runner-base.js';
import type { StageErrorHandler } from './task-stages.js';
import type { SinkRecord } from '../api/types.js';
import type { WorkerConfig } from './worker-config.js';

/** How a task's errors are handled, built from the connector's errors.* keys. */
export interface TaskErrorSetup {
  handler: StageErrorHandler;
  /** Writes an errant record (the task's errantRecordReporter) to the DLQ; null without one. */
  reporter: ((consumed: ConsumerRecord | null, record: SinkRecord, error: Error) => Promise<void>) | null;
  /** Called when the task is gone (closes a DLQ producer). */
  close(): Promise<void>;
}

/** What a connector runner shares with the worker. */
export interface ConnectorEnv {
  worker: WorkerConfig;
  clients: ConnectClients;
  plugins: PluginRegistry;
  offsets: OffsetStore;
  statuses: StatusStore;
  configs: ConfigStore;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  workerId(): string;
  transforms(config: Record<string, string>): TransformChain;
  errors(config: Record<string, string>, connector: string, taskId: number, type: 'source' | 'sink'): TaskErrorSetup;
}

/** What a restart restarts. */
export interface RestartPlan {
  connector: boolean;
  taskIds: number[];
  /** Connector and every task: a full stop and start. */
  all: boolean;
}

interface RunningTask {
  runner: TaskRunnerBase;
  close(): Promise<void>;
}

export class ConnectorRunner {
  private instance: Connector | null = null;
  private readonly tasks = new Map<number, RunningTask>();
  private targetState: TargetState = 'STARTED';
  private reconfiguring: Promise<void> | null = null;

  constructor(readonly name: string, readonly entry: PluginEntry, private config: Record<string, string>, private readonly env: ConnectorEnv) {}

  get type(): 'source' | 'sink' {
    return this.entry.type === 'source' ? 'source' : 'sink';
  }

  get state(): TargetState {
    return this.targetState;
  }

  private setStatus(state: ConnectState, trace: string | null = null): void {
    this.env.statuses.setConnector(this.name, { state, trace, workerId: this.env.workerId() });
  }

  /** Starts the connector and its tasks in `target` state (STOPPED: neither runs). */
  async start(target: TargetState): Promise<void> {
    this.targetState = target;
    if (target === 'STOPPED') {
      this.setStatus('STOPPED');
      this.env.statuses.trimTasks(this.name, 0);
      if ((this.env.configs.get(this.name)?.taskConfigs.length ?? 0) > 0) await this.env.configs.putTaskConfigs(this.name, []);
      return;
    }
    this.setStatus('UNASSIGNED');
    if (!(await this.startInstance())) return;
    const taskConfigs = await this.computeTaskConfigs();
    if (taskConfigs) for (let id = 0; id < taskConfigs.length; id++) this.startTask(id, taskConfigs[id]);
  }

  /** A new connector instance, started; false (and FAILED) if start() threw. */
  private async startInstance(): Promise<boolean> {
    const instance = new this.entry.cls() as Connector;
    initializePlugin<ConnectorContext>(instance, {
      requestTaskReconfiguration: () => void this.reconfigure(),
      raiseError: (err) => {
        this.env.logger.error(`connector ${this.name} raised an error: ${err.message}`);
        this.setStatus('FAILED', traceOf(err));
      },
    });
    try {
      await instance.start({ ...this.config });
    } catch (err) {
      this.env.logger.error(`connector ${this.name} failed to start: ${(err as Error).message}`);
      this.setStatus('FAILED', traceOf(err));
      return false;
    }
    this.instance = instance;
    this.setStatus(this.targetState === 'PAUSED' ? 'PAUSED' : 'RUNNING');
    return true;
  }

  /** taskConfigs(tasks.max) plus task.class, stored when they differ from the stored ones; null if the connector failed. */
  private async computeTaskConfigs(): Promise<Record<string, string>[] | null> {
    const instance = this.instance!;
    try {
      const tasksMax = Number(this.config['tasks.max'] ?? '1');
      const taskClass = instance.taskClass();
      taskType(taskClass, `task class of ${this.name}`, this.entry.origin);
      const configs = instance.taskConfigs(tasksMax).slice(0, tasksMax).map((c) => ({ ...c, 'task.class': (taskClass as { name: string }).name }));
      const stored = this.env.configs.get(this.name)?.taskConfigs ?? [];
      if (JSON.stringify(stored) !== JSON.stringify(configs)) await this.env.configs.putTaskConfigs(this.name, configs);
      this.env.statuses.trimTasks(this.name, configs.length);
      return configs;
    } catch (err) {
      this.env.logger.error(`connector ${this.name} failed to generate task configs: ${(err as Error).message}`);
      this.setStatus('FAILED', traceOf(err));
      return null;
    }
  }

  /** Task configs as stored (what GET /connectors/{name}/tasks shows). */
  taskConfigs(): Record<string, string>[] {
    return this.env.configs.get(this.name)?.taskConfigs ?? [];
  }

  private startTask(id: number, props: Record<string, string>): void {
    const env = this.env;
    const onStatus = (state: TaskState, trace: string | null): void => env.statuses.setTask(this.name, id, { state, trace, workerId: env.workerId() });
    const base = { connector: this.name, id, props, timers: env.timers, logger: env.logger, onStatus };
    onStatus('UNASSIGNED', null);
    let errors: TaskErrorSetup | null = null;
    let producer: Producer | null = null;
    try {
      const task = new (this.instance!.taskClass())();
      const converters = buildConverters(env.worker, this.config, env.plugins.classLoader());
      const chain = env.transforms(this.config);
      errors = env.errors(this.config, this.name, id, this.type);
      let runner: TaskRunnerBase;
      if (this.type === 'source') {
        producer = env.clients.producer(taskProducerConfig(env.worker.originals, this.config, `connector-producer-${this.name}-${id}`, env.logger));
        runner = new SourceTaskRunner({
          ...base, task: task as SourceTask, producer, offsets: env.offsets, stages: sourceStages(converters, chain), errors: errors.handler,
          flushIntervalMs: env.worker.offsetFlushIntervalMs, flushTimeoutMs: env.worker.offsetFlushTimeoutMs, inflightMax: env.worker.taskInflightRecordsMax,
          onTopic: (topic) => env.statuses.addTopic(this.name, topic, id),
        });
      } else {
        const consumer = env.clients.consumer(taskConsumerConfig(env.worker.originals, this.config, this.name, `connector-consumer-${this.name}-${id}`, env.logger));
        runner = new SinkTaskRunner({
          ...base, task: task as SinkTask, consumer, topics: sinkTopics(this.config), stages: sinkStages(converters, chain), errors: errors.handler,
          reporter: errors.reporter, flushIntervalMs: env.worker.offsetFlushIntervalMs, clock: env.clock,
          onTopic: (topic) => env.statuses.addTopic(this.name, topic, id),
        });
      }
      const setup = errors;
      const ownProducer = producer;
      this.tasks.set(id, { runner, close: async () => { await ownProducer?.close(); await setup.close(); } });
      runner.start(this.targetState === 'PAUSED');
    } catch (err) {
      // A task that cannot even be built (bad converter, bad transform) is FAILED with its trace, as in Kafka.
      env.logger.error(`task ${this.name}-${id} failed to start: ${(err as Error).message}`);
      onStatus('FAILED', traceOf(err));
      void producer?.close();
      void errors?.close();
    }
  }

  private async stopTask(id: number): Promise<void> {
    const t = this.tasks.get(id);
    if (!t) return;
    this.tasks.delete(id);
    await t.runner.stop(this.env.worker.taskShutdownGracefulTimeoutMs);
    await t.close().catch((err: Error) => this.env.logger.warn(`closing task ${this.name}-${id}'s clients failed: ${err.message}`));
  }

  /** Stops every task and the connector instance. */
  async stop(): Promise<void> {
    await Promise.all([...this.tasks.keys()].map((id) => this.stopTask(id)));
    const instance = this.instance;
    this.instance = null;
    if (instance) {
      try {
        await instance.stop();
      } catch (err) {
        this.env.logger.warn(`connector ${this.name}'s stop() failed: ${(err as Error).message}`);
      }
    }
  }

  /** Applies a new target state (pause/resume in place; STOPPED or back from it restarts). */
  async transition(target: TargetState): Promise<void> {
    if (target === this.targetState) return;
    if (target === 'STOPPED' || this.targetState === 'STOPPED' || !this.instance) {
      await this.stop();
      await this.start(target);
      return;
    }
    this.targetState = target;
    for (const t of this.tasks.values()) {
      if (target === 'PAUSED') t.runner.pause();
      else t.runner.resume();
    }
    const failed = this.env.statuses.connector(this.name)?.state === 'FAILED';
    if (!failed) this.setStatus(target === 'PAUSED' ? 'PAUSED' : 'RUNNING');
  }

  /**
   * Marks what a restart will restart as RESTARTING (the connector unless onlyFailed and it has
   * not failed; with includeTasks its tasks, or only failed ones) and returns the plan for restart().
   */
  planRestart(includeTasks: boolean, onlyFailed: boolean): RestartPlan {
    const connectorFailed = this.env.statuses.connector(this.name)?.state === 'FAILED';
    const plan = { connector: !onlyFailed || connectorFailed, taskIds: includeTasks ? this.taskIdsToRestart(onlyFailed) : [], all: includeTasks && !onlyFailed };
    if (plan.connector) this.setStatus('RESTARTING');
    for (const id of plan.taskIds) this.env.statuses.setTask(this.name, id, { state: 'RESTARTING', trace: null, workerId: this.env.workerId() });
    return plan;
  }

  /** Carries out a plan from planRestart(). */
  async restart(plan: RestartPlan): Promise<void> {
    if (plan.connector && plan.all) {
      await this.stop();
      await this.start(this.targetState);
      return;
    }
    if (plan.connector) await this.restartInstanceOnly();
    for (const id of plan.taskIds) await this.restartTask(id);
  }

  private taskIdsToRestart(onlyFailed: boolean): number[] {
    return this.taskConfigs()
      .map((_, id) => id)
      .filter((id) => !onlyFailed || this.env.statuses.task(this.name, id)?.state === 'FAILED');
  }

  /** Kafka's plain POST /restart: a new connector instance; tasks restart only if their configs change. */
  private async restartInstanceOnly(): Promise<void> {
    if (this.targetState === 'STOPPED') {
      this.setStatus('STOPPED');
      return;
    }
    const old = this.instance;
    this.instance = null;
    if (old) await Promise.resolve(old.stop()).catch((err: Error) => this.env.logger.warn(`connector ${this.name}'s stop() failed: ${err.message}`));
    if (!(await this.startInstance())) return;
    await this.reconfigure();
    // Tasks that could not start before (no instance then) start now.
    const configs = this.taskConfigs();
    for (let id = 0; id < configs.length; id++) if (!this.tasks.has(id)) this.startTask(id, configs[id]);
  }

  /** Stops one task and starts it again from its stored config. */
  async restartTask(id: number): Promise<void> {
    await this.stopTask(id);
    const props = this.taskConfigs()[id];
    if (props && this.instance) this.startTask(id, props);
  }

  /** The connector asked for new task configs: restart the tasks if they changed. */
  async reconfigure(): Promise<void> {
    if (!this.instance) return;
    while (this.reconfiguring) await this.reconfiguring;
    this.reconfiguring = (async () => {
      const before = JSON.stringify(this.taskConfigs());
      const configs = await this.computeTaskConfigs();
      if (!configs || JSON.stringify(configs) === before) return;
      // Changed configs: every task restarts with its new config.
      await Promise.all([...this.tasks.keys()].map((id) => this.stopTask(id)));
      for (let id = 0; id < configs.length; id++) this.startTask(id, configs[id]);
    })();
    try {
      await this.reconfiguring;
    } finally {
      this.reconfiguring = null;
    }
  }

  /** Ids of tasks whose runs have not ended. */
  runningTaskIds(): number[] {
    return [...this.tasks.keys()];
  }
}

/** `topics` (comma list) or `topics.regex` (a whole-name match, as Java's Pattern.matches). */
export function sinkTopics(config: Record<string, string>): string[] | RegExp {
  const regex = config['topics.regex']?.trim();
  if (regex) return new RegExp(`^(?:${regex})$`);
  return (config.topics ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
}

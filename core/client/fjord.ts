/**
 * The entry point for TypeScript users: `await Fjord.embedded({ dataDir })` opens a broker in
 * this process, `await Fjord.connect({ bootstrap: 'host:9092' })` reaches a running cluster over
 * TCP (a Fjord broker, Apache Kafka, Redpanda...). Either way it hands out producers, consumers
 * and admins with the same API.
 */
import path from 'node:path';
import { Broker, type BrokerOptions } from '../broker/broker.js';
import { systemClock, type Clock } from '../io/clock.js';
import { silentLogger, type Logger } from '../io/logger.js';
import { systemTimers, type Timers } from '../io/timers.js';
import { Admin } from './admin.js';
import { Consumer } from './consumer.js';
import type { ConsumerConfig } from './consumer-config.js';
import { EmbeddedTransport } from './embedded-transport.js';
import type { Dialer } from './kafka/byte-stream.js';
import { parseBootstrap, resolveKafkaTransportConfig, type KafkaTransportConfig } from './kafka/kafka-config.js';
import { KafkaTransport } from './kafka/kafka-transport.js';
import { Producer } from './producer.js';
import type { ProducerConfig } from './producer-config.js';
import type { Transport } from './transport.js';

export interface EmbeddedOptions extends Partial<Omit<BrokerOptions, 'dataDir'>> {
  /** Default `./.fjord`. */
  dataDir?: string;
}

export interface ConnectOptions extends Partial<Omit<KafkaTransportConfig, 'bootstrap' | 'clientId'>> {
  /** bootstrap.servers: `host:port[,host:port]`; any one reachable broker is enough. */
  bootstrap: string;
  /** client.id prefix for clients that do not set their own. */
  clientId?: string;
  clock?: Clock;
  timers?: Timers;
  logger?: Logger;
  /** Opens connections; TCP unless a test substitutes its own. */
  dial?: Dialer;
}

/** Transport settings a client's own config may override (Kafka names them per client too). */
interface ClientTransportSettings {
  requestTimeoutMs?: number;
  maxInFlightRequestsPerConnection?: number;
}

type TransportFactory = (clientId: string, settings: ClientTransportSettings) => Transport;

export class Fjord {
  /** Every transport handed out, so close() can close their connections. */
  private readonly transports = new Set<Transport>();

  private constructor(
    private readonly transportFactory: TransportFactory,
    readonly broker: Broker | null,
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly logger: Logger,
  ) {}

  /** Opens (and locks) a data directory and runs a broker on it in this process. */
  static async embedded(options: EmbeddedOptions = {}): Promise<Fjord> {
    const dataDir = path.resolve(options.dataDir ?? '.fjord');
    const broker = await Broker.open({ ...options, dataDir });
    return new Fjord(
      (clientId) => new EmbeddedTransport(broker, clientId, dataDir),
      broker,
      options.clock ?? systemClock,
      options.timers ?? systemTimers,
      options.logger ?? silentLogger,
    );
  }

  /**
   * Reaches a running cluster over TCP (the kafka transport). Resolves once one bootstrap
   * address answered, so a wrong address fails here, naming it, rather than at the first send.
   * Each producer, consumer and admin gets its own connections, as Kafka's clients do.
   */
  static async connect(options: ConnectOptions): Promise<Fjord> {
    const { bootstrap: text, clientId, clock, timers, logger, dial, ...settings } = options;
    const config = resolveKafkaTransportConfig({ ...settings, bootstrap: parseBootstrap(text), clientId: clientId ?? 'fjord' });
    const deps = { clock: clock ?? systemClock, timers: timers ?? systemTimers, logger: logger ?? silentLogger, dial };
    // Try each bootstrap address once, without the usual retries, so a typo fails fast.
    const probe = new KafkaTransport({ ...config, retries: config.bootstrap.length - 1, retryBackoffMs: 0 }, deps);
    try {
      await probe.request('Metadata', { topics: [], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    } finally {
      await probe.close();
    }
    const factory: TransportFactory = (id, own) => new KafkaTransport({ ...config, ...definedOnly(own), clientId: id }, deps);
    return new Fjord(factory, null, deps.clock, deps.timers, deps.logger);
  }

  private makeTransport(clientId: string, settings: ClientTransportSettings = {}): Transport {
    const transport = this.transportFactory(clientId, settings);
    this.transports.add(transport);
    return transport;
  }

  producer(config: Partial<ProducerConfig> = {}): Producer {
    const settings = { requestTimeoutMs: config.requestTimeoutMs, maxInFlightRequestsPerConnection: config.maxInFlightRequestsPerConnection };
    return new Producer(this.makeTransport(config.clientId ?? 'fjord-producer', settings), config, this.clock, this.timers);
  }

  consumer(config: Partial<ConsumerConfig> = {}): Consumer {
    return new Consumer(this.makeTransport(config.clientId ?? 'fjord-consumer'), config, this.clock, this.timers, this.logger);
  }

  admin(clientId = 'fjord-admin'): Admin {
    return new Admin(this.makeTransport(clientId));
  }

  /**
   * Closes the connections of every client handed out and, when embedded, the broker (flushing
   * logs and writing recovery checkpoints) and releases the data dir. Close producers (flush)
   * and consumers (commit, leave the group) first.
   */
  async close(): Promise<void> {
    const transports = [...this.transports];
    this.transports.clear();
    await Promise.all(transports.map((t) => t.close()));
    await this.broker?.close();
  }
}

/** The settings a caller actually gave (undefined must not override a default). */
function definedOnly<T extends object>(settings: T): Partial<T> {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as Partial<T>;
}

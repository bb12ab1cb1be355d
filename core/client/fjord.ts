/**
 * The entry point for TypeScript users: `await Fjord.embedded({ dataDir })` opens a broker in
 * this process and hands out producers, consumers and admins that talk to it. The kafka (TCP)
 * transport arrives with the wire-protocol issue behind the same methods.
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
import { Producer } from './producer.js';
import type { ProducerConfig } from './producer-config.js';
import type { Transport } from './transport.js';

export interface EmbeddedOptions extends Partial<Omit<BrokerOptions, 'dataDir'>> {
  /** Default `./.fjord`. */
  dataDir?: string;
}

export class Fjord {
  private constructor(
    private readonly makeTransport: (clientId: string) => Transport,
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

  producer(config: Partial<ProducerConfig> = {}): Producer {
    return new Producer(this.makeTransport(config.clientId ?? 'fjord-producer'), config, this.clock, this.timers);
  }

  consumer(config: Partial<ConsumerConfig> = {}): Consumer {
    return new Consumer(this.makeTransport(config.clientId ?? 'fjord-consumer'), config, this.clock, this.timers, this.logger);
  }

  admin(clientId = 'fjord-admin'): Admin {
    return new Admin(this.makeTransport(clientId));
  }

  /** Closes the broker (flushing logs and writing recovery checkpoints) and releases the data dir. */
  async close(): Promise<void> {
    await this.broker?.close();
  }
}

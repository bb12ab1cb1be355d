/**
 * The transports the client suites run on, so one suite checks both: `embedded` (the broker's
 * handlers called in-process) and `kafka` (Fjord's TCP client talking to a Fjord broker served
 * by BrokerServer on a free loopback port in this process). Wrap a suite as
 *
 *   for (const transport of clientTransports) describe(`${transport.name}: ...`, () => { ... transport.open() ... });
 *
 * `open({ dataDir })` reopens an existing data dir (a restart); the returned Fjord's close()
 * also stops the server and closes the broker, as closing an embedded Fjord does.
 */
import { Broker } from '../../core/broker/broker.js';
import { BrokerServer } from '../../core/broker/server/broker-server.js';
import { Fjord, type EmbeddedOptions } from '../../core/client/fjord.js';
import { openFjord } from './embedded.js';
import { tmpDir } from './tmp-dir.js';

export interface ClientTransport {
  name: 'embedded' | 'kafka';
  /** A Fjord on a fresh data dir (or `options.dataDir`) with test-friendly group timings. */
  open(options?: EmbeddedOptions): Promise<{ fjord: Fjord; dataDir: string }>;
}

/** Group timings the client suites rely on (a rebalance without delay, short sessions allowed). */
const TEST_BROKER_CONFIG = { groupInitialRebalanceDelayMs: 0, groupMinSessionTimeoutMs: 100, offsetsTopicNumPartitions: 4 };

const embedded: ClientTransport = { name: 'embedded', open: openFjord };

/** A Fjord broker served over TCP on a free loopback port, in this process. */
export interface ServedBroker {
  /** host:port */
  bootstrap: string;
  dataDir: string;
  /** Stops the server, then closes the broker (flush, checkpoints, lock released). */
  close(): Promise<void>;
}

export async function serveBroker(options: EmbeddedOptions = {}): Promise<ServedBroker> {
  const dataDir = options.dataDir ?? tmpDir();
  let broker: Broker | null = null;
  const server = await BrokerServer.start({
    host: '127.0.0.1',
    port: 0,
    broker: async (endpoint) => (broker = await Broker.open({ ...options, dataDir, endpoint, config: { ...TEST_BROKER_CONFIG, ...options.config } })),
  });
  return {
    bootstrap: `${server.address.host}:${server.address.port}`,
    dataDir,
    async close() {
      await server.close();
      await broker?.close();
    },
  };
}

const kafka: ClientTransport = {
  name: 'kafka',
  async open(options: EmbeddedOptions = {}) {
    const served = await serveBroker(options);
    const fjord = await Fjord.connect({ bootstrap: served.bootstrap });
    const closeClients = fjord.close.bind(fjord);
    fjord.close = async () => {
      await closeClients();
      await served.close();
    };
    return { fjord, dataDir: served.dataDir };
  },
};

export const clientTransports: readonly ClientTransport[] = [embedded, kafka];

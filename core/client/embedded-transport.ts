/** The embedded transport: requests go straight to an in-process Broker's handlers. */
import { supportedApis, type ApiName, type RequestOf, type ResponseOf } from '../broker/apis.js';
import type { Broker } from '../broker/broker.js';
import type { Transport } from './transport.js';

export class EmbeddedTransport implements Transport {
  readonly description: string;

  constructor(
    private readonly broker: Broker,
    private readonly clientId: string,
    dataDir: string,
  ) {
    this.description = `embedded broker at ${dataDir}`;
  }

  request<K extends ApiName>(api: K, request: RequestOf<K>): Promise<ResponseOf<K> | null> {
    // The embedded client speaks the newest version of every API the broker implements.
    return this.broker.handle(api, request, { apiVersion: supportedApis[api].maxVersion, clientId: this.clientId, clientHost: 'embedded' });
  }

  async close(): Promise<void> {}
}

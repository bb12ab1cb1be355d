/**
 * The built-in connectors inside the real Connect runtime (standalone worker on an embedded
 * broker, default JSON converters): data flows source → topic → sink end to end.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import { freePort } from '../../../core/io/free-port.js';
import path from 'node:path';
import * as arrow from 'apache-arrow';
import type { Fjord } from '../../../core/client/fjord.js';
import type { Standalone } from '../../../connectors/runtime/standalone.js';
import { openFjord } from '../../helpers/embedded.js';
import { tmpDir } from '../../helpers/tmp-dir.js';
import { eventually, http, startWorker } from '../runtime/connect-helpers.js';
import { startPostgres, type TestPostgres } from './postgres/pglite-server.js';

describe('built-in connectors in the Connect runtime', function () {
  this.timeout(60000);
  let fjord: Fjord;
  let worker: Standalone | null = null;

  beforeEach(async () => {
    ({ fjord } = await openFjord());
  });
  afterEach(async () => {
    await worker?.close();
    worker = null;
    await fjord.close();
  });

  /** Sink offsets committed for `connector` (the sum over partitions). */
  async function committedSinkRecords(connector: string): Promise<number> {
    const r = await http(worker!.url, 'GET', `/connectors/${connector}/offsets`);
    return (r.body?.offsets ?? []).reduce((n: number, o: { offset: { kafka_offset: number } }) => n + Number(o.offset.kafka_offset), 0);
  }

  it('lists the built-in connectors and rejects configs that break a rule between keys, naming the key', async () => {
    worker = await startWorker(fjord);
    const plugins = (await http(worker.url, 'GET', '/connector-plugins')).body as { class: string; type: string }[];
    const classes = plugins.map((p) => p.class);
    expect(classes).to.include.members([
      'org.apache.kafka.connect.file.FileStreamSourceConnector', 'io.confluent.kafka.connect.datagen.DatagenConnector',
      'PostgresSinkConnector', 'PostgresSourceConnector', 'HttpSourceConnector', 'HttpSinkConnector', 'ArrowSinkConnector', 'ArrowSourceConnector',
    ]);
    const validated = await http(worker.url, 'PUT', '/connector-plugins/PostgresSink/config/validate', {
      name: 'pg', 'connector.class': 'PostgresSink', topics: 't', 'connection.url': 'postgres://h/db', 'delete.enabled': 'true',
    });
    expect(validated.body.error_count).to.equal(1);
    const entry = validated.body.configs.find((c: { value: { name: string } }) => c.value.name === 'delete.enabled');
    expect(entry.value.errors[0]).to.contain('record_key');
    const created = await http(worker.url, 'POST', '/connectors', { name: 'bad', config: { 'connector.class': 'Datagen', 'kafka.topic': 't', quickstart: 'stocks' } });
    expect(created.status).to.equal(400);
    expect(created.body.message).to.contain('configuration quickstart');
  });

  it('Datagen orders → topic → PostgresSink upserts one row per order', async () => {
    const pgdb: TestPostgres = await startPostgres();
    try {
      worker = await startWorker(fjord, {}, [
        {
          name: 'orders-gen',
          config: {
            name: 'orders-gen', 'connector.class': 'io.confluent.kafka.connect.datagen.DatagenConnector',
            'kafka.topic': 'orders', quickstart: 'orders', 'max.interval': '0', iterations: '30', 'random.seed': '5',
          },
        },
        {
          name: 'orders-pg',
          config: {
            name: 'orders-pg', 'connector.class': 'PostgresSink', topics: 'orders', 'connection.url': pgdb.url,
            'insert.mode': 'upsert', 'pk.mode': 'record_value', 'pk.fields': 'orderid', 'auto.create': 'true',
          },
        },
      ]);
      await eventually('30 orders committed by the sink', async () => (await committedSinkRecords('orders-pg')) === 30);
      // PGlite serves one connection: stop the sink task before looking.
      expect((await http(worker.url, 'DELETE', '/connectors/orders-pg')).status).to.equal(204);
      const rows = await eventually('the sink connection to close', () => pgdb.query('SELECT orderid, itemid, address FROM orders ORDER BY orderid'));
      expect(rows.map((r) => r.orderid)).to.deep.equal([...Array(30).keys()]);
      expect(rows[0].itemid).to.match(/^Item_\d+$/);
      expect(Object.keys(rows[0].address as object).sort()).to.deep.equal(['city', 'state', 'zipcode']);
    } finally {
      await worker?.close();
      worker = null;
      await pgdb.close();
    }
  });

  it('HttpSource → topic → ArrowSink writes complete Arrow files of the POSTed objects', async () => {
    const dir = path.join(tmpDir(), 'arrow');
    const port = await freePort();
    worker = await startWorker(fjord, {}, [
      { name: 'web', config: { name: 'web', 'connector.class': 'HttpSource', topic: 'events', 'http.port': String(port), 'http.host': '127.0.0.1', 'http.path': '/events', 'ack.mode': 'written' } },
      { name: 'files', config: { name: 'files', 'connector.class': 'ArrowSink', topics: 'events', path: dir, 'rotate.records': '5', 'rotate.interval.ms': '0' } },
    ]);
    const events = Array.from({ length: 10 }, (_, i) => ({ id: i, kind: i % 2 ? 'click' : 'view' }));
    const res = await eventually('the HTTP source to listen', () =>
      fetch(`http://127.0.0.1:${port}/events`, { method: 'POST', body: JSON.stringify(events), headers: { 'Idempotency-Key': 'batch-1' } }).catch(() => null));
    // ack.mode=written: a 200 means the records are in the topic.
    expect(res!.status).to.equal(200);
    const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([{ topic: 'events', partition: 0 }]);
    const inTopic = [];
    for (let i = 0; i < 50 && inTopic.length < 10; i++) inTopic.push(...(await consumer.poll(100)));
    await consumer.close();
    expect(inTopic).to.have.length(10);
    const files = await eventually('two complete Arrow files', () => {
      const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.arrow')).sort() : [];
      return names.length === 2 ? names : null;
    });
    const ids = files!.flatMap((f) => arrow.tableFromIPC(fs.readFileSync(path.join(dir, f))).toArray().map((r) => Number(r.toJSON().id)));
    expect(ids).to.deep.equal(events.map((e) => e.id));
    expect(await eventually('5+5 records committed by the sink', async () => (await committedSinkRecords('files')) === 10)).to.equal(true);
  });
});


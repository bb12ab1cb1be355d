/**
 * iot-metrics: sensor readings (some arriving late) → SQL hopping windows (1 minute, advancing
 * by 30 s, 10 s grace) with EMIT FINAL → one final row per sensor and window; then the query's
 * late side output (engine.lateRecords) and, per window, the readings dropped as late (the input
 * compared with the windows). Embedded broker in a temporary directory; nothing is left behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fjord } from '../../core/client/fjord.js';
import { SqlEngine } from '../../sql/engine/engine.js';
import { LiveRuntime } from '../../sql/live/live-runtime.js';
import { READINGS, T0_MS } from './data.js';
import { lateReadings, type HoppingWindow, type LateReading, type WindowResult } from './late-readings.js';

export const WINDOW: HoppingWindow = { sizeMs: 60_000, advanceMs: 30_000, graceMs: 10_000 };

const STATEMENTS = `
  CREATE STREAM readings (sensor STRING KEY, id STRING, temp DOUBLE, ts BIGINT)
    WITH (kafka_topic='readings', value_format='JSON', partitions=1, timestamp='ts');
  CREATE TABLE sensor_minutes WITH (kafka_topic='sensor-minutes', value_format='JSON') AS
    SELECT sensor, WINDOWSTART AS window_start, WINDOWEND AS window_end, COUNT(*) AS readings,
           AVG(temp) AS avg_temp, MAX(temp) AS max_temp, COLLECT_LIST(id) AS reading_ids
    FROM readings
    WINDOW HOPPING (SIZE 1 MINUTE, ADVANCE BY 30 SECONDS, GRACE PERIOD 10 SECONDS)
    GROUP BY sensor
    EMIT FINAL;`;

export interface IotMetricsResult {
  /** The final windows, by sensor then start. */
  readonly windows: WindowResult[];
  readonly late: LateReading[];
  /** Reading ids on the query's late side output (`engine.lateRecords(queryId)`), in arrival order. */
  readonly sideOutput: string[];
}

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`iot-metrics: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Windows that close before the input ends: EMIT FINAL emits exactly these. */
function closedWindowCount(): number {
  const end = Math.max(...READINGS.map((r) => r.ts));
  const keys = new Set<string>();
  for (const r of READINGS) {
    for (let s = r.ts - (r.ts % WINDOW.advanceMs); s > r.ts - WINDOW.sizeMs; s -= WINDOW.advanceMs) {
      if (s + WINDOW.sizeMs + WINDOW.graceMs <= end) keys.add(`${r.sensor}@${s}`);
    }
  }
  return keys.size;
}

export async function iotMetrics(): Promise<IotMetricsResult> {
  const dir = mkdtempSync(join(tmpdir(), 'fjord-iot-'));
  const fjord = await Fjord.embedded({ dataDir: join(dir, 'data'), config: { groupInitialRebalanceDelayMs: 0 } });
  try {
    const runtime = new LiveRuntime({ fjord, stateDir: join(dir, 'sql-state'), commitIntervalMs: 100 });
    const engine = await SqlEngine.open({ runtime, properties: { 'auto.offset.reset': 'earliest' } });
    try {
      await engine.execute(STATEMENTS);
      const producer = fjord.producer();
      for (const r of READINGS) await producer.send({ topic: 'readings', key: r.sensor, value: JSON.stringify({ id: r.id, temp: r.temp, ts: r.ts }), timestamp: r.ts });
      await producer.close();

      const schema = engine.topicSchema('sensor-minutes');
      if (schema?.splitWindowedKey === undefined) throw new Error('iot-metrics: sensor-minutes is not a windowed topic');
      const windows: WindowResult[] = [];
      const reader = await runtime.read('sensor-minutes', { fromBeginning: true }, (rec) => {
        const { key } = schema.splitWindowedKey!(rec.key!);
        if (rec.value === null) return;
        const v = JSON.parse(rec.value.toString()) as { WINDOW_START: number; WINDOW_END: number; READINGS: number; AVG_TEMP: number; MAX_TEMP: number; READING_IDS: string[] };
        windows.push({ sensor: key!.toString(), startMs: v.WINDOW_START, endMs: v.WINDOW_END, readings: v.READINGS, avgTemp: v.AVG_TEMP, maxTemp: v.MAX_TEMP, readingIds: v.READING_IDS });
      });
      try {
        const want = closedWindowCount();
        await until(`the ${want} closed windows`, () => windows.length >= want);
        // A second emission of a window (EMIT FINAL must not) would show up by now.
        await new Promise((r) => setTimeout(r, 300));
      } finally {
        await reader.stop();
      }
      windows.sort((a, b) => a.sensor.localeCompare(b.sensor) || a.startMs - b.startMs);
      // The late side output holds the query's rows: the source's value columns come first.
      const idColumn = engine.topicSchema('readings')!.valueColumns.findIndex((c) => c.name === 'ID');
      const sideOutput = engine.lateRecords('CTAS_SENSOR_MINUTES_0').map((r) => (r.value as unknown[])[idColumn] as string);
      return { windows, late: lateReadings(READINGS, windows, WINDOW), sideOutput };
    } finally {
      await engine.close();
      await runtime.close();
    }
  } finally {
    await fjord.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `12:01:30`: the time of day (UTC) of an event time. */
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

export async function main(_args: string[]): Promise<void> {
  const { windows, late, sideOutput } = await iotMetrics();
  console.log(`${READINGS.length} readings from ${clock(T0_MS)} UTC; hopping windows of 1 minute every 30 s, grace 10 s, EMIT FINAL:`);
  console.log('  sensor  window               readings  avg temp  max temp  reading ids');
  for (const w of windows) {
    console.log(`  ${w.sensor.padEnd(6)}  ${clock(w.startMs)}-${clock(w.endMs)}  ${String(w.readings).padStart(8)}  ${w.avgTemp.toFixed(2).padStart(8)}  ${w.maxTemp.toFixed(1).padStart(8)}  ${w.readingIds.join(',')}`);
  }
  console.log(`late side output of the query (readings no window accepted): ${sideOutput.join(', ') || 'none'}`);
  console.log('late readings per window (input compared with the windows above):');
  for (const l of late) {
    const counted = l.countedInMs.length === 0 ? 'counted nowhere' : `counted in ${l.countedInMs.map(clock).join(', ')}`;
    console.log(`  ${l.reading.id} ${l.reading.sensor} at ${clock(l.reading.ts)}, arrived at stream time ${clock(l.streamTimeMs)}: dropped from ${l.droppedFromMs.map(clock).join(', ')}; ${counted}`);
  }
}

/**
 * clickstream-sessions: the datagen connector's `clickstream` quickstart (bounded: a fixed
 * number of iterations and a fixed seed) → a topic → SQL `WINDOW SESSION` per user → a table of
 * sessions (clicks, WINDOWSTART, WINDOWEND), read with a pull query and printed. Everything runs
 * in this process on an embedded broker in a temporary directory that is removed afterwards.
 *
 * The clicks carry their own event time (`_time`, 10 ms apart from a fixed start), used as the
 * record timestamp (`TIMESTAMP='_time'`), so the sessions are the same on every run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fjord } from '../../core/client/fjord.js';
import { parseWorkerConfig } from '../../connectors/runtime/worker-config.js';
import { startStandalone } from '../../connectors/runtime/standalone.js';
import { SqlEngine } from '../../sql/engine/engine.js';
import { LiveRuntime } from '../../sql/live/live-runtime.js';

/** Records the datagen task writes before it goes idle. */
export const CLICKS = 300;
/** The datagen seed: the same seed gives the same clicks. */
export const SEED = 42;
/** Only users 1..USERS_SHOWN are sessionized, to keep the printed table short. */
export const USERS_SHOWN = 5;
/** A user's session ends after this much inactivity. */
export const SESSION_GAP_MS = 250;

/** One session of one user, as the SQL table holds it. */
export interface Session {
  readonly userId: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly clicks: number;
}

/** What the example computed: the sessions, and the raw clicks (user, time) they came from. */
export interface ClickstreamResult {
  readonly sessions: Session[];
  readonly clicks: { userId: number; timeMs: number }[];
}

const STATEMENTS = `
  CREATE STREAM clickstream (ip STRING KEY, userid INT, request STRING, status STRING, \`_TIME\` BIGINT)
    WITH (kafka_topic='clickstream', value_format='JSON', timestamp='_time');
  CREATE TABLE user_sessions AS
    SELECT userid, COUNT(*) AS clicks, WINDOWSTART AS session_start, WINDOWEND AS session_end
    FROM clickstream WINDOW SESSION (${SESSION_GAP_MS} MILLISECONDS)
    WHERE userid <= ${USERS_SHOWN}
    GROUP BY userid;`;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`clickstream-sessions: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs the pipeline to completion and returns the final sessions, sorted by user then start. */
export async function clickstreamSessions(): Promise<ClickstreamResult> {
  const dir = mkdtempSync(join(tmpdir(), 'fjord-clickstream-'));
  const fjord = await Fjord.embedded({ dataDir: join(dir, 'data'), config: { groupInitialRebalanceDelayMs: 0 } });
  try {
    await fjord.admin().createTopics([{ topic: 'clickstream', numPartitions: 1 }]);
    const clicks = await generateClicks(fjord);
    const runtime = new LiveRuntime({ fjord, stateDir: join(dir, 'sql-state'), commitIntervalMs: 100 });
    const engine = await SqlEngine.open({ runtime, properties: { 'auto.offset.reset': 'earliest' } });
    try {
      await engine.execute(STATEMENTS);
      // Session merges delete the sessions they replace (tombstones), so the topic's latest value
      // per windowed key is the table. (A pull query would be simpler, but the engine does not
      // yet serve pull queries on windowed tables: "table isn't queryable".)
      const latest = new Map<string, Session | null>();
      const schema = engine.topicSchema('USER_SESSIONS');
      if (schema?.splitWindowedKey === undefined) throw new Error('clickstream-sessions: USER_SESSIONS is not windowed');
      const reader = await runtime.read('USER_SESSIONS', { fromBeginning: true }, (r) => {
        const { key } = schema.splitWindowedKey!(r.key!);
        const value = r.value === null ? null : JSON.parse(r.value.toString()) as { CLICKS: number; SESSION_START: number; SESSION_END: number };
        latest.set(r.key!.toString('hex'), value === null ? null : { userId: key!.readInt32BE(0), startMs: value.SESSION_START, endMs: value.SESSION_END, clicks: value.CLICKS });
      });
      let sessions: Session[] = [];
      // The input is bounded: the table is final once every click is counted in some session.
      try {
        await until('every click to be counted', async () => {
          sessions = [...latest.values()].filter((s): s is Session => s !== null);
          return sessions.reduce((n, s) => n + s.clicks, 0) === clicks.filter((c) => c.userId <= USERS_SHOWN).length;
        });
      } finally {
        await reader.stop();
      }
      sessions.sort((a, b) => a.userId - b.userId || a.startMs - b.startMs);
      return { sessions, clicks };
    } finally {
      await engine.close();
      await runtime.close();
    }
  } finally {
    await fjord.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a datagen connector until it has written CLICKS records; returns them as (user, time). */
async function generateClicks(fjord: Fjord): Promise<{ userId: number; timeMs: number }[]> {
  const config = parseWorkerConfig({
    listeners: 'http://127.0.0.1:0',
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
    'offset.flush.interval.ms': '1000',
  });
  const connect = await startStandalone({
    config,
    clients: fjord,
    connectors: [{
      name: 'clickstream-gen',
      config: {
        name: 'clickstream-gen',
        'connector.class': 'io.confluent.kafka.connect.datagen.DatagenConnector',
        'kafka.topic': 'clickstream',
        quickstart: 'clickstream',
        'max.interval': '0',
        iterations: String(CLICKS),
        'random.seed': String(SEED),
        'tasks.max': '1',
      },
    }],
  });
  try {
    const clicks: { userId: number; timeMs: number }[] = [];
    const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([{ topic: 'clickstream', partition: 0 }]);
    try {
      await until('the datagen connector to write its clicks', async () => {
        for (const r of await consumer.poll(200)) {
          const v = JSON.parse(r.value!.toString()) as { userid: number; _time: number };
          clicks.push({ userId: v.userid, timeMs: v._time });
        }
        return clicks.length >= CLICKS;
      });
    } finally {
      await consumer.close();
    }
    return clicks;
  } finally {
    await connect.close();
  }
}

export async function main(_args: string[]): Promise<void> {
  const { sessions } = await clickstreamSessions();
  const time = (ms: number) => new Date(ms).toISOString().slice(11, 23);
  console.log(`${CLICKS} clicks (datagen seed ${SEED}); users 1-${USERS_SHOWN} had ${sessions.length} sessions (gap ${SESSION_GAP_MS} ms):`);
  console.log('  user  session start   session end     clicks');
  for (const s of sessions) {
    console.log(`  ${String(s.userId).padStart(4)}  ${time(s.startMs)}    ${time(s.endMs)}    ${String(s.clicks).padStart(6)}`);
  }
}

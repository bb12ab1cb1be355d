/**
 * The banner `fjord dev` prints once everything is up: what runs where, and what to try next.
 * Pure: the addresses and names come in, text (coloured by `style`) goes out.
 */
import type { Style } from './style.js';

export interface DevBannerInfo {
  dataDir: string;
  /** `host:port` of the Kafka protocol listener. */
  kafka: string;
  /** `http://host:port` of the Connect REST API. */
  connectUrl: string;
  connectors: string[];
  /** Topics the datagen connectors write, with what they hold; empty without datagen. */
  liveTopics: { topic: string; what: string }[];
  /** True when the data dir held data before this start (the run resumes). */
  resumed: boolean;
  /** Whether `fjord` is on the PATH; if not (a checkout), the banner says how to get it there. */
  fjordOnPath: boolean;
}

/** Quotes a word for the shell only when it needs it, so commands stay copy-pasteable. */
export function shellQuote(text: string): string {
  return /^[\w./:@=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The banner text, ending with a line break. */
export function devBanner(info: DevBannerInfo, s: Style): string {
  const row = (label: string, value: string): string => `  ${s.bold(label.padEnd(16))}${value}`;
  const topic = info.liveTopics[0]?.topic ?? 'TOPIC';
  const lines = [
    `${s.green('●')} ${s.bold('Fjord dev')} ${info.resumed ? 'resumed' : 'started'} ${s.dim(`(data in ${info.dataDir})`)}`,
    '',
    row('Kafka protocol', info.kafka),
    row('Connect REST', `${info.connectUrl} ${s.dim(`(connectors: ${info.connectors.join(', ') || 'none'})`)}`),
  ];
  for (const t of info.liveTopics) lines.push(row(t === info.liveTopics[0] ? 'Live data' : '', `${s.cyan(t.topic)} ${s.dim(`— ${t.what}`)}`));
  lines.push('', s.bold('Try:'));
  lines.push(`  kcat -b ${info.kafka} -t ${topic} -C -o -5 -c 5 ${s.dim('# five records (-e would wait: live data never ends)')}`);
  lines.push(`  curl -s ${info.connectUrl}/connectors?expand=status ${s.dim('# connectors and their tasks')}`);
  lines.push(`  fjord consume ${topic} --bootstrap ${info.kafka} --max-messages 5 --format json`);
  lines.push(`  fjord topics describe --bootstrap ${info.kafka}`);
  lines.push(`  fjord topology examples/topologies/word-count.ts ${s.dim('# draw a Streams topology')}`);
  if (info.liveTopics.some((t) => t.topic === 'pageviews')) {
    lines.push('', s.bold('SQL to try') + s.dim(' (in the REPL below, or fjord sql --bootstrap ' + info.kafka + '):'));
    lines.push(`  CREATE STREAM pageviews (viewtime BIGINT, userid STRING, pageid STRING) WITH (kafka_topic='pageviews', value_format='JSON');`);
    lines.push(`  SELECT userid, pageid FROM pageviews EMIT CHANGES LIMIT 5;`);
    lines.push(`  SELECT pageid, COUNT(*) AS views FROM pageviews WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY pageid EMIT CHANGES;`);
  }
  if (!info.fjordOnPath) lines.push(s.dim('  (fjord is not on your PATH: run npm link in the checkout, or use node dist/cli/main.js)'));
  lines.push('');
  lines.push(s.dim('Ctrl-C stops everything cleanly; run it again to resume where it stopped.'));
  return `${lines.join('\n')}\n`;
}

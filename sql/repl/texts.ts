/** The REPL's fixed texts: the banner and the help. */

export interface BannerInfo {
  readonly version: string;
  /** `embedded data dir /path` or `broker host:port`. */
  readonly target: string;
}

export function bannerText(info: BannerInfo): string {
  return [
    '',
    '  ______ _               _ ',
    ' |  ____(_)             | |    fjord sql: ksqlDB-compatible streaming SQL',
    ' | |__   _  ___  _ __ __| |',
    ` |  __| | |/ _ \\| '__/ _\` |    Fjord ${info.version}`,
    ` | |    | | (_) | | | (_| |    on ${info.target}`,
    ' |_|    | |\\___/|_|  \\__,_|',
    '       _/ |',
    '      |__/',
    '',
    "Statements end with ';' and may span lines. Tab completes; 'help' shows more; 'exit', 'quit' or Ctrl-D leaves.",
    '',
  ].join('\n') + '\n';
}

export const HELP_TEXT = `Statements end with ';' and may span several lines. For example:
  CREATE STREAM s (id INT KEY, name STRING) WITH (kafka_topic='s', value_format='json', partitions=1);
  INSERT INTO s (id, name) VALUES (1, 'a');
  SELECT * FROM s EMIT CHANGES LIMIT 10;
  SHOW STREAMS;  SHOW TABLES;  SHOW QUERIES;  SHOW TOPICS;  DESCRIBE s;
  PRINT 's' FROM BEGINNING LIMIT 5;
  SET 'auto.offset.reset' = 'earliest';

Keys: Tab completes keywords, stream, table and column names; Up/Down walk the history (kept
across sessions); Ctrl-C cancels a running push query or PRINT, or drops the statement being
typed; Ctrl-D on an empty line, 'exit' or 'quit' leaves.
`;

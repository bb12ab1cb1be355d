/**
 * A windowed stream-stream join: clicks joined with the page views of the same user within five
 * minutes, then counted per user in one-minute tumbling windows. The default export returns a
 * StreamsBuilder (`fjord topology` builds it) to show that form; a builder builds only once, so
 * each call makes a new one.
 */
import { JoinWindows, Serdes, StreamsBuilder, TimeWindows } from '../../core/streams/index.js';

export function windowedJoinBuilder(): StreamsBuilder {
  const builder = new StreamsBuilder();
  const views = builder.stream<string, string>('page-views', { keySerde: Serdes.String(), valueSerde: Serdes.String() });
  const clicks = builder.stream<string, string>('clicks', { keySerde: Serdes.String(), valueSerde: Serdes.String() });
  clicks
    .join(views, (click, view) => `${view} -> ${click}`, JoinWindows.ofTimeDifferenceWithNoGrace(5 * 60_000))
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithNoGrace(60_000))
    .count({ storeName: 'clicks-per-minute' });
  return builder;
}

export default windowedJoinBuilder;

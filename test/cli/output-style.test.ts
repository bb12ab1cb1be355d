import { expect } from 'chai';
import { Flags, UsageError } from '../../cli/args.js';
import { formatTable, toJson, wantsJson } from '../../cli/output.js';
import { devBanner } from '../../cli/render/dev-banner.js';
import { colourStyle, plainStyle, styleFor, visibleLength } from '../../cli/render/style.js';

describe('terminal styles, tables and --format json', () => {
  it('paints only on a terminal, never with NO_COLOR or TERM=dumb, always with FORCE_COLOR', () => {
    expect(styleFor({ isTTY: true }, {}).enabled).to.equal(true);
    expect(styleFor({ isTTY: false }, {}).enabled).to.equal(false);
    expect(styleFor({ isTTY: true }, { NO_COLOR: '1' }).enabled).to.equal(false);
    expect(styleFor({ isTTY: true }, { TERM: 'dumb' }).enabled).to.equal(false);
    expect(styleFor({}, { FORCE_COLOR: '1' }).enabled).to.equal(true);
    expect(styleFor({}, { FORCE_COLOR: '0' }).enabled).to.equal(false);
    expect(plainStyle.green('ok')).to.equal('ok');
    expect(colourStyle.green('ok')).to.equal('\x1b[32mok\x1b[39m');
  });

  it('bolds the header row of a table on a terminal without changing the column widths', () => {
    const plain = formatTable(['GROUP', 'STATE'], [['billing', 'Stable']]);
    const coloured = formatTable(['GROUP', 'STATE'], [['billing', 'Stable']], colourStyle);
    expect(coloured.split('\n')[0]).to.equal('\x1b[1mGROUP    STATE\x1b[22m');
    expect(coloured.split('\n').map(visibleLength)).to.deep.equal(plain.split('\n').map((l) => l.length));
  });

  it('accepts --format json, nothing, and rejects any other format as a usage error', () => {
    expect(wantsJson(new Flags({ format: 'json' }))).to.equal(true);
    expect(wantsJson(new Flags({}))).to.equal(false);
    expect(() => wantsJson(new Flags({ format: 'yaml' }))).to.throw(UsageError, "--format expects json, got 'yaml'");
  });

  it('writes 64-bit offsets as strings in JSON', () => {
    expect(toJson({ offset: 9007199254740993n, partition: 1, lag: null })).to.equal('{"offset":"9007199254740993","partition":1,"lag":null}');
  });

  it('prints the dev banner plain when colours are off, with copy-pasteable commands', () => {
    const text = devBanner({
      dataDir: '/tmp/x', kafka: '127.0.0.1:9092', connectUrl: 'http://127.0.0.1:8083', connectors: ['datagen-pageviews'],
      liveTopics: [{ topic: 'pageviews', what: 'page views' }], resumed: true, fjordOnPath: true,
    }, plainStyle);
    expect(text).to.not.include('\x1b[');
    expect(text.split('\n').slice(0, 5)).to.deep.equal([
      '● Fjord dev resumed (data in /tmp/x)',
      '',
      '  Kafka protocol  127.0.0.1:9092',
      '  Connect REST    http://127.0.0.1:8083 (connectors: datagen-pageviews)',
      '  Live data       pageviews — page views',
    ]);
    expect(text).to.include('  kcat -b 127.0.0.1:9092 -t pageviews -C -o -5 -c 5');
    expect(text).to.include('  curl -s http://127.0.0.1:8083/connectors?expand=status');
    expect(text).to.not.include('npm link');
  });

  it('tells how to put fjord on the PATH when it is not there', () => {
    const text = devBanner({ dataDir: '/d', kafka: 'h:1', connectUrl: 'http://h:2', connectors: [], liveTopics: [], resumed: false, fjordOnPath: false }, plainStyle);
    expect(text).to.include('● Fjord dev started (data in /d)');
    expect(text).to.include('(fjord is not on your PATH: run npm link in the checkout, or use node dist/cli/main.js)');
  });
});

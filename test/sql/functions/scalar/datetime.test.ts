import { expect } from 'chai';
import { INTEGER, BIGINT, STRING, DATE, TIME, TIMESTAMP, formatType } from '../../../../sql/types/types.js';
import { call, returnType, registry, arg } from '../helpers.js';

const S = STRING;
const unit = (name: string) => arg(STRING, name);

describe('date and time functions', () => {
  it('FORMAT_DATE uses java.time patterns (qtt: format_date)', () => {
    const f = (d: number, p: string): unknown => call('FORMAT_DATE', [DATE, S], [d, p]);
    expect(f(17662, 'yyyy-MM-dd')).to.equal('2018-05-11');
    expect(f(18027, 'dd/MM/yyyy')).to.equal('11/05/2019');
    expect(f(18993, 'dd-MMM-yyyy')).to.equal('01-Jan-2022');
    expect(f(0, 'dd-MM-yyyy')).to.equal('01-01-1970');
    expect(f(-1, "dd-MM-yyyy'Sophia'")).to.equal('31-12-1969Sophia');
    expect(f(0, 'EEEE d MMMM yy, D')).to.equal('Thursday 1 January 70, 1');
  });

  it('FORMAT_TIME (qtt: format_time)', () => {
    expect(call('FORMAT_TIME', [TIME, S], [65000, 'HH_mm_ss_SSS'])).to.equal('00_01_05_000');
    expect(call('FORMAT_TIME', [TIME, S], [1234567, "HHmmss'AAAAA'"])).to.equal('002034AAAAA');
    expect(call('FORMAT_TIME', [TIME, S], [46800000, 'hh:mm a'])).to.equal('01:00 PM');
    expect(() => call('FORMAT_TIME', [TIME, S], [0, 'yyyy'])).to.throw(/Unsupported field/);
  });

  it('PARSE_DATE is case-insensitive and defaults missing fields (qtt: parse_date)', () => {
    const p = (s: string, f: string): unknown => call('PARSE_DATE', [S, S], [s, f]);
    expect(p('2018-05-11Lit', "yyyy-MM-dd'Lit'")).to.equal(17662);
    expect(p('11/05/2019', 'dd/MM/yyyy')).to.equal(18027);
    expect(p('01-Jan-2022', 'dd-MMM-yyyy')).to.equal(18993);
    expect(p('01-JAN-2022', 'dd-MMM-yyyy')).to.equal(18993);
    expect(p('JAN-2022', 'MMM-yyyy')).to.equal(18993);
    expect(p('01-01-1970', 'dd-MM-yyyy')).to.equal(0);
    expect(() => p('2018-05', 'yyyy-MM-dd')).to.throw(/Failed to parse date/);
  });

  it('PARSE_TIME handles literals, 12-hour clocks and AM/PM in any case (qtt: parse_time)', () => {
    const p = (s: string, f: string): unknown => call('PARSE_TIME', [S, S], [s, f]);
    expect(p('00:01:05Lit', "HH:mm:ss'Lit'")).to.equal(65000);
    expect(p('11/05/19', 'HH/mm/ss')).to.equal(39919000);
    expect(p('01:00:00 PM', 'hh:mm:ss a')).to.equal(46800000);
    expect(p('01:00:00 Pm', 'hh:mm:ss a')).to.equal(46800000);
    expect(() => p('2021-01-01 10:00', 'yyyy-MM-dd HH:mm')).to.throw("Failed to parse time '2021-01-01 10:00' with formatter 'yyyy-MM-dd HH:mm': Unsupported field: DayOfWeek");
    expect(() => call('PARSE_DATE', [S, S], ['2021-01-01 10', 'yyyy-MM-dd HH'])).to.throw(/Date format contains time field/);
    expect(call('STRINGTODATE', [S, S], ['2021-01-01 10', 'yyyy-MM-dd HH'])).to.equal(18628);
  });

  it('STRINGTOTIMESTAMP honours an offset in the text (qtt: timestamp format)', () => {
    const p = "yyyy-MM-dd'T'HH:mm:ssX";
    expect(call('STRINGTOTIMESTAMP', [S, S], ['2018-05-11T21:58:33Z', p])).to.equal(1526075913000n);
    expect(call('STRINGTOTIMESTAMP', [S, S], ['2020-05-11T21:58:33Z', p])).to.equal(1589234313000n);
    expect(call('STRINGTOTIMESTAMP', [S, S], ['2020-05-11T23:58:33+02', p])).to.equal(1589234313000n);
    expect(call('STRINGTOTIMESTAMP', [S, S, S], ['2020-05-11 14:58:33', 'yyyy-MM-dd HH:mm:ss', 'America/Los_Angeles'])).to.equal(1589234313000n);
    expect(call('STRINGTOTIMESTAMP', [S, S], ['2020-05-11 14:58:33 PDT', 'yyyy-MM-dd HH:mm:ss z'])).to.equal(1589234313000n);
    expect(call('PARSE_TIMESTAMP', [S, S], ['2018-05-11T21:58:33 PST', "yyyy-MM-dd'T'HH:mm:ss zzz"])).to.equal(1526101113000);
    expect(call('STRINGTOTIMESTAMP', [S, S], ['2020-05-11T21:58:33z', "yyyy-MM-dd'T'HH:mm:ssX"])).to.equal(1589234313000n);
    expect(call('STRINGTOTIMESTAMP', [S, S], ['2020-05-11 14:58:33 America/Los_Angeles', 'yyyy-MM-dd HH:mm:ss VV'])).to.equal(1589234313000n);
  });

  it('prints Java short zone names with zzz (ksqlDB timestamp-to-string cases)', () => {
    const p = 'yyyy-MM-dd HH:mm:ss zzz';
    expect(call('TIMESTAMPTOSTRING', [BIGINT, S, S], [1526075913000n, p, 'America/Los_Angeles'])).to.equal('2018-05-11 14:58:33 PDT');
    expect(call('TIMESTAMPTOSTRING', [BIGINT, S, S], [1526075913000n, p, 'Europe/London'])).to.equal('2018-05-11 22:58:33 BST');
    expect(call('FORMAT_TIMESTAMP', [TIMESTAMP, S], [1526075913000, 'yyyy-MM-dd HH:mm:ss'])).to.equal('2018-05-11 21:58:33');
    expect(call('TIMESTAMPTOSTRING', [BIGINT, S, S], [0n, 'z', 'Asia/Tokyo'])).to.equal('JST');
  });

  it('TIMESTAMPTOSTRING and FORMAT_TIMESTAMP format in UTC or a zone', () => {
    expect(call('TIMESTAMPTOSTRING', [BIGINT, S], [1589234313123n, 'yyyy-MM-dd HH:mm:ss.SSS'])).to.equal('2020-05-11 21:58:33.123');
    expect(call('TIMESTAMPTOSTRING', [BIGINT, S, S], [1589234313000n, 'yyyy-MM-dd HH:mm:ss XXX', 'America/Los_Angeles'])).to.equal('2020-05-11 14:58:33 -07:00');
    expect(call('FORMAT_TIMESTAMP', [TIMESTAMP, S, S], [0, "yyyy-MM-dd'T'HH:mmZ", '+0530'])).to.equal('1970-01-01T05:30+0530');
    expect(call('FORMAT_TIMESTAMP', [TIMESTAMP, S], [0, 'yyyy-MM-dd HH:mm:ss z'])).to.equal('1970-01-01 00:00:00 UTC');
  });

  it('PARSE_TIMESTAMP round-trips FORMAT_TIMESTAMP', () => {
    const ts = 1589234313123;
    const text = call('FORMAT_TIMESTAMP', [TIMESTAMP, S, S], [ts, 'yyyy-MM-dd HH:mm:ss.SSS', 'Europe/Paris']);
    expect(call('PARSE_TIMESTAMP', [S, S, S], [text, 'yyyy-MM-dd HH:mm:ss.SSS', 'Europe/Paris'])).to.equal(ts);
  });

  it('DATETOSTRING and STRINGTODATE use INTEGER days', () => {
    expect(call('DATETOSTRING', [INTEGER, S], [17662, 'yyyy-MM-dd'])).to.equal('2018-05-11');
    expect(call('STRINGTODATE', [S, S], ['2018-05-11', 'yyyy-MM-dd'])).to.equal(17662);
    expect(() => call('STRINGTODATE', [S, S], ['foo', 'yyyyMMdd'])).to.throw(/Failed to parse date 'foo'/);
  });

  it('CONVERT_TZ shifts by the difference of offsets (qtt: convert_tz)', () => {
    expect(call('CONVERT_TZ', [TIMESTAMP, S, S], [100, '+0200', '+0500'])).to.equal(10800100);
    expect(call('CONVERT_TZ', [TIMESTAMP, S, S], [1589234313000, '+0200', '+0500'])).to.equal(1589245113000);
    expect(call('CONVERT_TZ', [TIMESTAMP, S, S], [1589234313000, 'UTC', 'America/Los_Angeles'])).to.equal(1589234313000 - 7 * 3_600_000);
    expect(() => call('CONVERT_TZ', [TIMESTAMP, S, S], [0, 'UTC', 'Mars/Base'])).to.throw(/Unknown time-zone ID/);
  });

  it('DATEADD / DATESUB add whole days (qtt: dateadd, datesub)', () => {
    expect(call('DATEADD', [unit('DAYS'), INTEGER, DATE], ['DAYS', 10, 10])).to.equal(20);
    expect(call('DATESUB', [unit('DAYS'), INTEGER, DATE], ['DAYS', 10, 5])).to.equal(-5);
    expect(call('DATEADD', [unit('HOURS'), INTEGER, DATE], ['HOURS', 49, 0])).to.equal(2);
  });

  it('TIMEADD / TIMESUB wrap around midnight (qtt: timesub)', () => {
    expect(call('TIMESUB', [unit('MILLISECONDS'), INTEGER, TIME], ['MILLISECONDS', 10, 20])).to.equal(10);
    expect(call('TIMESUB', [unit('MILLISECONDS'), INTEGER, TIME], ['MILLISECONDS', 10, 5])).to.equal(86399995);
    expect(call('TIMEADD', [unit('HOURS'), INTEGER, TIME], ['HOURS', 25, 0])).to.equal(3_600_000);
  });

  it('TIMESTAMPADD / TIMESTAMPSUB (qtt: timestampsub)', () => {
    expect(call('TIMESTAMPSUB', [unit('MILLISECONDS'), INTEGER, TIMESTAMP], ['MILLISECONDS', 10, 20])).to.equal(10);
    expect(call('TIMESTAMPADD', [unit('SECONDS'), INTEGER, TIMESTAMP], ['SECONDS', 2, 0])).to.equal(2000);
  });

  it("rejects a column where the time unit goes, with ksqlDB's message", () => {
    expect(() => registry.resolveScalar('dateadd', [arg(DATE), arg(INTEGER), arg(DATE)]))
      .to.throw("Function 'dateadd' does not accept parameters (DATE, INTEGER, DATE).");
    expect(() => registry.resolveScalar('TIMEADD', [arg(TIME), arg(INTEGER), arg(TIME)]))
      .to.throw("Function 'timeadd' does not accept parameters (TIME, INTEGER, TIME).");
    expect(() => registry.resolveScalar('TIMESTAMPADD', [arg(TIMESTAMP), arg(INTEGER), arg(TIMESTAMP)]))
      .to.throw("Function 'timestampadd' does not accept parameters (TIMESTAMP, INTEGER, TIMESTAMP).");
  });

  it('UNIX_DATE and UNIX_TIMESTAMP read the clock or convert their argument (qtt)', () => {
    expect(call('UNIX_DATE', [], [])).to.equal(Math.floor(1_600_000_000_000 / 86_400_000));
    expect(call('UNIX_DATE', [DATE], [100])).to.equal(100);
    expect(call('UNIX_TIMESTAMP', [], [])).to.equal(1_600_000_000_000n);
    expect(call('UNIX_TIMESTAMP', [TIMESTAMP], [1589234313000])).to.equal(1589234313000n);
    expect(formatType(returnType('FROM_UNIXTIME', [BIGINT]))).to.equal('TIMESTAMP');
  });
});

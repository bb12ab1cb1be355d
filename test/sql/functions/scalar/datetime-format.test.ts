import { expect } from 'chai';
import { formatWith, parseWith, resolveLocal } from '../../../../sql/functions/datetime-format.js';
import { timestampFields, dateFields, timeFields } from '../../../../sql/functions/scalar/civil-time.js';
import { zoneOf, UTC_ZONE } from '../../../../sql/functions/scalar/time-zones.js';

const ts = (ms: number, zone = UTC_ZONE) => timestampFields(ms, zone);
const local = (pattern: string, text: string) => resolveLocal(parseWith(pattern, text));

describe('Java date-time patterns', () => {
  it('formats literals, escaped quotes and optional sections', () => {
    expect(formatWith("yyyy-MM-dd'T'HH:mm", ts(0))).to.equal('1970-01-01T00:00');
    expect(formatWith("'It''s' h a", ts(13 * 3_600_000))).to.equal("It's 1 PM");
    expect(formatWith('HH:mm[:ss]', { time: timeFields(61_000) })).to.equal('00:01:01');
    expect(formatWith('yyyy[ HH]', { date: dateFields(0) })).to.equal('1970');
  });

  it('formats offsets with X, x, Z, O and zone ids with VV and z', () => {
    const z = zoneOf('+0530');
    expect(formatWith('X XX XXX x Z ZZZZZ O', ts(0, z))).to.equal('+0530 +0530 +05:30 +0530 +0530 +05:30 GMT+5:30');
    expect(formatWith('X x Z O VV', ts(0))).to.equal('Z +00 +0000 GMT UTC');
    expect(formatWith('VV z', ts(0, zoneOf('+0530')))).to.equal('+05:30 +05:30');
    expect(formatWith('z', ts(1589234313000, zoneOf('America/Los_Angeles')))).to.equal('PDT');
  });

  it('formats fractions, clock hours, day and month names, quarters and two-digit years', () => {
    expect(formatWith('ss.SSSSSS n', { time: timeFields(1_234) })).to.equal('01.234000 234000000');
    expect(formatWith('k K h H', { time: timeFields(0) })).to.equal('24 0 12 0');
    expect(formatWith('EEE EEEE MMM MMMM yy D Q QQQ', { date: dateFields(18993) })).to.equal('Sat Saturday Jan January 22 1 1 Q1');
  });

  it('parses adjacent fixed-width fields', () => {
    expect(local('yyyyMMddHHmmss', '20200511215833')).to.deep.equal({ year: 2020, month: 5, day: 11, msOfDay: 79113000 });
  });

  it('parses two-digit years into 2000-2099 and one-letter fields greedily', () => {
    expect(local('yy-M-d', '21-3-4')).to.deep.equal({ year: 2021, month: 3, day: 4, msOfDay: 0 });
    expect(local('d/M/y', '14/11/2019')).to.deep.equal({ year: 2019, month: 11, day: 14, msOfDay: 0 });
  });

  it('parses optional sections when present and skips them when not', () => {
    expect(local('HH:mm[:ss]', '10:15').msOfDay).to.equal(36_900_000);
    expect(local('HH:mm[:ss]', '10:15:30').msOfDay).to.equal(36_930_000);
  });

  it('clamps a day past the end of the month, as the SMART resolver does', () => {
    expect(local('yyyy-MM-dd', '2021-02-31')).to.deep.equal({ year: 2021, month: 2, day: 28, msOfDay: 0 });
  });

  it('reports unparsed text and bad input with the index', () => {
    expect(() => parseWith('yyyy', '2021x')).to.throw("Text '2021x' could not be parsed, unparsed text found at index 4");
    expect(() => parseWith('yyyy-MM', '2021/01')).to.throw("Text '2021/01' could not be parsed at index 4");
    expect(() => parseWith('HH', '25') && resolveLocal(parseWith('HH', '25'))).to.throw(/HourOfDay/);
  });

  it('rejects unknown and reserved pattern letters', () => {
    expect(() => formatWith('yyyy-bb', ts(0))).to.throw('Unknown pattern letter: b');
    expect(() => formatWith('#', ts(0))).to.throw(/reserved character/);
  });

  it('normalizes fixed-offset zone ids as Java does', () => {
    expect(zoneOf('+0200').id).to.equal('+02:00');
    expect(zoneOf('+00:00').id).to.equal('Z');
    expect(zoneOf('UTC+2').id).to.equal('UTC+02:00');
    expect(zoneOf('Europe/Paris').offsetAtMinutes(0)).to.equal(60);
  });
});

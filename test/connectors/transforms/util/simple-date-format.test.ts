import { expect } from 'chai';
import { SimpleDateFormat } from '../../../../connectors/transforms/util/simple-date-format.js';

const AT = new Date(Date.UTC(2024, 1, 5, 7, 8, 9, 45)); // Monday 2024-02-05 07:08:09.045 UTC

describe('connectors/transforms/util SimpleDateFormat', () => {
  it('formats numeric fields with padding', () => {
    expect(new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZ").format(AT)).to.equal('2024-02-05T07:08:09.045+0000');
  });

  it('formats names, 12-hour clocks and quotes', () => {
    expect(new SimpleDateFormat("EEE, d MMM yy h:mm a 'o''clock'").format(AT)).to.equal("Mon, 5 Feb 24 7:08 AM o'clock");
    expect(new SimpleDateFormat('EEEE MMMM D').format(AT)).to.equal('Monday February 36');
  });

  it('parses fixed-width adjacent fields', () => {
    expect(new SimpleDateFormat('yyyyMMddHHmm').parse('202402050708').getTime()).to.equal(Date.UTC(2024, 1, 5, 7, 8));
  });

  it('parses variable-width fields and offsets', () => {
    expect(new SimpleDateFormat('yyyy-M-d H:mm:ss XXX').parse('2024-2-5 9:08:09 +02:00').getTime()).to.equal(Date.UTC(2024, 1, 5, 7, 8, 9));
    expect(new SimpleDateFormat('dd MMM yyyy hh:mm a').parse('05 feb 2024 07:08 PM').getTime()).to.equal(Date.UTC(2024, 1, 5, 19, 8));
  });

  it('round-trips its own output', () => {
    const f = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSX");
    expect(f.parse(f.format(AT)).getTime()).to.equal(AT.getTime());
  });

  it('refuses text that does not match', () => {
    expect(() => new SimpleDateFormat('yyyy-MM-dd').parse('2024/02/05')).to.throw('Unparseable date: "2024/02/05" (format yyyy-MM-dd)');
  });

  it('refuses unknown pattern letters and unterminated quotes', () => {
    expect(() => new SimpleDateFormat('yyyy-qq')).to.throw("Illegal pattern character 'q' in date format pattern: yyyy-qq");
    expect(() => new SimpleDateFormat("yyyy 'at")).to.throw('Unterminated quote');
  });
});

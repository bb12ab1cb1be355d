import { expect } from 'chai';
import {
  bigintToTwosComplement, dateToDays, decimalToUnscaled, timeToMs, twosComplementToBigint, unscaledToDecimal,
} from '../../../../connectors/api/data/logical-types.js';

describe('connectors/api/data logical-types', () => {
  it('writes unscaled decimals as Java BigInteger.toByteArray does', () => {
    expect([...bigintToTwosComplement(156n)]).to.deep.equal([0x00, 0x9c]);
    expect([...bigintToTwosComplement(-156n)]).to.deep.equal([0xff, 0x64]);
    expect([...bigintToTwosComplement(0n)]).to.deep.equal([0x00]);
    expect([...bigintToTwosComplement(127n)]).to.deep.equal([0x7f]);
    expect([...bigintToTwosComplement(128n)]).to.deep.equal([0x00, 0x80]);
    expect([...bigintToTwosComplement(-128n)]).to.deep.equal([0x80]);
    expect([...bigintToTwosComplement(-129n)]).to.deep.equal([0xff, 0x7f]);
  });

  it('reads two\'s complement bytes back', () => {
    for (const n of [0n, 1n, -1n, 156n, -156n, 128n, -128n, 2n ** 70n, -(2n ** 70n) + 3n]) {
      expect(twosComplementToBigint(bigintToTwosComplement(n))).to.equal(n);
    }
  });

  it('scales decimal strings, numbers and bigints to the schema scale', () => {
    expect(decimalToUnscaled('1.56', 2)).to.equal(156n);
    expect(decimalToUnscaled('-1.5', 2)).to.equal(-150n);
    expect(decimalToUnscaled(1.5, 3)).to.equal(1500n);
    expect(decimalToUnscaled(12n, 1)).to.equal(120n);
    expect(decimalToUnscaled('1.2e3', 0)).to.equal(1200n);
    expect(decimalToUnscaled('1.500', 1)).to.equal(15n);
  });

  it('refuses a decimal that would lose digits', () => {
    expect(() => decimalToUnscaled('1.234', 2)).to.throw('Decimal value 1.234 has more digits than the schema\'s scale 2');
  });

  it('refuses a non-decimal', () => {
    expect(() => decimalToUnscaled('abc', 2)).to.throw("Not a decimal number: 'abc'");
    expect(() => decimalToUnscaled({}, 2)).to.throw('Decimal value must be a decimal string, number or bigint, got object');
  });

  it('prints unscaled values with exactly scale fraction digits', () => {
    expect(unscaledToDecimal(156n, 2)).to.equal('1.56');
    expect(unscaledToDecimal(-5n, 3)).to.equal('-0.005');
    expect(unscaledToDecimal(7n, 0)).to.equal('7');
    expect(unscaledToDecimal(7n, -2)).to.equal('700');
  });

  it('refuses a Date with a time of day and a Time with a date', () => {
    expect(dateToDays(new Date(Date.UTC(1997, 4, 6)))).to.equal(9987);
    expect(() => dateToDays(new Date(Date.UTC(1997, 4, 6, 1)))).to.throw('should not have any time fields');
    expect(() => timeToMs(new Date(Date.UTC(1997, 4, 6, 1)))).to.throw('should not have any date fields');
    expect(() => timeToMs('noon')).to.throw('Kafka Connect Time type must be a valid JavaScript Date, got string');
  });
});

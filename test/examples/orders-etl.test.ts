import { expect } from 'chai';
import { ordersEtl } from '../../examples/orders-etl/main.js';

describe('examples/orders-etl', function () {
  // Most of the time goes to starting two PGlite databases (compiling Postgres's WebAssembly).
  this.timeout(120_000);

  it('ends with every order in the warehouse and the Arrow files exactly once after a restart mid-way', async () => {
    const r = await ordersEtl();
    expect(r.arrowRowsAtStop, 'Arrow rows when the first run stopped').to.be.within(0, 12);
    expect(r.warehouse).to.deep.equal(r.expected);
    expect(r.warehouse).to.deep.equal([
      { product: 'kettle', orders: 5, units: 29, revenueCents: 72471 },
      { product: 'mug', orders: 5, units: 44, revenueCents: 28600 },
      { product: 'tea', orders: 5, units: 30, revenueCents: 36000 },
      { product: 'teapot', orders: 5, units: 31, revenueCents: 120900 },
    ]);
    expect(r.arrowIds).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(r.arrowFiles).to.deep.equal([0, 4, 8, 12, 16].map((o) => `orders-enriched+0000000000+${String(o).padStart(20, '0')}.arrow`));
  });
});

/** The shop's orders, inserted into the source database in two batches (before and after the restart). */

export interface Order { readonly customer: string; readonly product: string; readonly quantity: number; readonly priceCents: number }

const PRODUCTS: Readonly<Record<string, number>> = { kettle: 2499, mug: 650, teapot: 3900, tea: 1200 };
const CUSTOMERS = ['ada', 'bo', 'cy'];

/** Order n (1-based): a fixed rotation over products, customers and quantities. */
function order(n: number): Order {
  const product = Object.keys(PRODUCTS)[n % 4]!;
  return { customer: CUSTOMERS[n % 3]!, product, quantity: 1 + (n * 7) % 12, priceCents: PRODUCTS[product]! };
}

/** Orders 1-12: in the database before the first run. */
export const FIRST_BATCH: readonly Order[] = Array.from({ length: 12 }, (_, i) => order(i + 1));
/** Orders 13-20: inserted while the pipeline is stopped, read after the restart. */
export const SECOND_BATCH: readonly Order[] = Array.from({ length: 8 }, (_, i) => order(i + 13));

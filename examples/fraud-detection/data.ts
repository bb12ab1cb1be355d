/**
 * The bundled input: customers by card, and transactions with fixed event times, chosen so the
 * outcome is easy to check by hand (see README.md).
 */

/** 2026-01-15 09:00:00 UTC: the first minute's window start. */
export const T0_MS = Date.UTC(2026, 0, 15, 9, 0, 0);

export interface Customer { readonly card_id: string; readonly name: string; readonly country: string }
export interface Transaction { readonly card_id: string; readonly tx_id: string; readonly amount: number; readonly ts: number }

export const CUSTOMERS: readonly Customer[] = [
  { card_id: '4111', name: 'Ana Silva', country: 'PT' },
  { card_id: '4222', name: 'Ben Okafor', country: 'NG' },
  { card_id: '4333', name: 'Chen Wei', country: 'CN' },
  { card_id: '4444', name: 'Dana Levi', country: 'IL' },
];

const at = (minute: number, second: number) => T0_MS + minute * 60_000 + second * 1000;
let seq = 0;
const tx = (card_id: string, amount: number, ts: number): Transaction => ({ card_id, tx_id: `tx-${String(++seq).padStart(2, '0')}`, amount, ts });

/** In event-time order. */
export const TRANSACTIONS: readonly Transaction[] = [
  // 09:00 — 4111 five times (flagged), 4222 twice, 4333 three times (at the limit: not flagged).
  tx('4111', 12.5, at(0, 2)), tx('4333', 40, at(0, 5)), tx('4111', 99.99, at(0, 9)),
  tx('4222', 15, at(0, 14)), tx('4111', 250, at(0, 20)), tx('4333', 8.25, at(0, 31)),
  tx('4111', 1.5, at(0, 33)), tx('4222', 60, at(0, 40)), tx('4111', 310, at(0, 47)),
  tx('4333', 19.75, at(0, 52)),
  // 4444: three at the end of 09:00 and two at the start of 09:01 — five in 15 s, but split
  // over two tumbling windows, so not flagged.
  tx('4444', 5, at(0, 50)), tx('4444', 5, at(0, 55)), tx('4444', 5, at(0, 59)),
  tx('4444', 5, at(1, 1)), tx('4444', 5, at(1, 5)),
  // 09:01 — 4222 four times (flagged); 4999 five times, but it is no customer's card: the inner
  // join drops its transactions.
  tx('4222', 20, at(1, 10)), tx('4999', 1, at(1, 11)), tx('4999', 1, at(1, 12)),
  tx('4222', 35.5, at(1, 18)), tx('4999', 1, at(1, 19)), tx('4999', 1, at(1, 25)),
  tx('4222', 42, at(1, 30)), tx('4999', 1, at(1, 36)), tx('4222', 18, at(1, 44)),
  // 09:03 — one more, so stream time passes 09:02 and the 09:01 window closes (EMIT FINAL).
  tx('4333', 3.2, at(3, 0)),
];

/**
 * How often the overview polls (until live push arrives). 2 s for a fleet of a few thousand
 * Functions; beyond that the interval grows with the row count, because every poll parses and
 * validates the whole list on the main thread (measured ~100 ms for 10,000 rows / 10 MB in
 * Node), and a poll every 2 s would then take a noticeable share of the page's time. On a slow
 * or busy machine the measured cost of the last poll sets a floor too: polling never takes more
 * than about a tenth of the main thread.
 */
export const BASE_POLL_MS = 2_000;
const ROWS_PER_SECOND = 2_500;
const MAX_SHARE = 0.1;
const MAX_POLL_MS = 30_000;

export function pollIntervalFor(rowCount: number, lastCostMs = 0): number {
  const byRows = !Number.isFinite(rowCount) || rowCount <= 0 ? BASE_POLL_MS : Math.ceil(rowCount / ROWS_PER_SECOND) * 1_000;
  const byCost = Number.isFinite(lastCostMs) && lastCostMs > 0 ? Math.ceil(lastCostMs / MAX_SHARE / 1_000) * 1_000 : 0;
  return Math.min(MAX_POLL_MS, Math.max(BASE_POLL_MS, byRows, byCost));
}

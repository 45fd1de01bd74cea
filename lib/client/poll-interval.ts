/**
 * How often the overview polls (until live push arrives). 2 s for a fleet of a few thousand
 * Functions; beyond that the interval grows with the row count: each poll moves the whole list
 * (about 13 MB for 10,000 rows) and costs the server a full list (measured ~0.5 s for 10,000
 * rows on the demo fleet). The measured wall time of the last poll sets a floor too, so that
 * a slow server or a busy machine is never busy with polls more than a quarter of the time.
 */
export const BASE_POLL_MS = 2_000;
const ROWS_PER_SECOND = 2_500;
const MAX_SHARE = 0.25;
const MAX_POLL_MS = 30_000;

export function pollIntervalFor(rowCount: number, lastCostMs = 0): number {
  const byRows = !Number.isFinite(rowCount) || rowCount <= 0 ? BASE_POLL_MS : Math.ceil(rowCount / ROWS_PER_SECOND) * 1_000;
  const byCost = Number.isFinite(lastCostMs) && lastCostMs > 0 ? Math.ceil(lastCostMs / MAX_SHARE / 1_000) * 1_000 : 0;
  return Math.min(MAX_POLL_MS, Math.max(BASE_POLL_MS, byRows, byCost));
}

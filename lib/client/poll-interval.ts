/**
 * How often the overview polls (until live push arrives). 2 s for a fleet of a few thousand
 * Functions; beyond that the interval grows with the row count, because every poll parses and
 * validates the whole list on the main thread (measured ~100 ms for 10,000 rows / 10 MB in
 * Node), and a poll every 2 s would then take a noticeable share of the page's time.
 */
export const BASE_POLL_MS = 2_000;
const ROWS_PER_SECOND = 2_500;

export function pollIntervalFor(rowCount: number): number {
  if (!Number.isFinite(rowCount) || rowCount <= 0) return BASE_POLL_MS;
  return Math.max(BASE_POLL_MS, Math.ceil(rowCount / ROWS_PER_SECOND) * 1_000);
}

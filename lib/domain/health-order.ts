/** Sorting by health, worst first (HEALTH_VALUES order), for the fleet table and the API. */
import { HEALTH_VALUES, type Health } from "./schemas";

/** 0 for deletion-blocked … 8 for unknown; an unexpected value sorts last. */
export function healthRank(health: Health | string): number {
  const rank = (HEALTH_VALUES as readonly string[]).indexOf(health);
  return rank === -1 ? HEALTH_VALUES.length : rank;
}

export interface SortableRow {
  id: string;
  verdict: { health: Health | string; since: string | null };
}

/**
 * Worst health first; within a health, the longest-standing first (oldest `since`, unknown
 * `since` after known ones); then by id so the order is stable across refreshes.
 */
export function compareRows(a: SortableRow, b: SortableRow): number {
  const byHealth = healthRank(a.verdict.health) - healthRank(b.verdict.health);
  if (byHealth !== 0) return byHealth;
  const sa = a.verdict.since ? Date.parse(a.verdict.since) : NaN;
  const sb = b.verdict.since ? Date.parse(b.verdict.since) : NaN;
  const ka = Number.isFinite(sa);
  const kb = Number.isFinite(sb);
  if (ka && kb && sa !== sb) return sa - sb;
  if (ka !== kb) return ka ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The browser tab's title with how many Functions need action in front: "(12) Fleet overview ·
 * ACK Lambda Fleet", so a pinned tab tells it without being looked at. What counts are the
 * verdicts an operator must act on (stuck, deletion blocked, terminal, failed), over every
 * cluster. Pure.
 */
import type { Health } from "@/lib/domain/health";

export const TITLE_COUNTED: readonly Health[] = ["deletion-blocked", "stuck", "terminal", "failed"];

const PREFIX = /^\(\d+\) /;

export function countNeedingAction(clusters: ReadonlyArray<{ healthCounts?: Partial<Record<Health, number>> }>): number {
  let n = 0;
  for (const c of clusters) for (const h of TITLE_COUNTED) n += c.healthCounts?.[h] ?? 0;
  return n;
}

/** The title with the count in front (none when 0); an earlier count is replaced, never stacked. */
export function titleWithCount(title: string, count: number): string {
  const base = title.replace(PREFIX, "");
  return count > 0 ? `(${count}) ${base}` : base;
}

/** The verdict's health values, worst first, and their order. Pure. */
import { z } from "zod";

export const HEALTH_VALUES = [
  "deletion-blocked",
  "stuck",
  "terminal",
  "failed",
  "drift",
  "degraded",
  "progressing",
  "healthy",
  "unknown",
] as const;
/** Worst first: the index is the severity rank used for sorting. */
export const HealthSchema = z.enum(HEALTH_VALUES);
export type Health = z.infer<typeof HealthSchema>;

const RANK = new Map<string, number>(HEALTH_VALUES.map((h, i) => [h, i]));

/** Severity rank, 0 = worst (deletion-blocked) … 8 (unknown); an unexpected value ranks last. */
export function healthRank(health: Health | string): number {
  return RANK.get(health) ?? HEALTH_VALUES.length;
}

/** Health values that call for an operator (everything but progressing, healthy and unknown). */
export const ATTENTION_HEALTH: readonly Health[] = ["deletion-blocked", "stuck", "terminal", "failed", "drift", "degraded"];

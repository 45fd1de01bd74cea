/**
 * Since when each condition of a Function has held its current status, as the dashboard saw
 * it. The ACK runtime stamps lastTransitionTime on every Set call (runtime pkg/condition,
 * SetSynced), so for a condition the controller keeps re-setting, lastTransitionTime is the last
 * reconcile, not the start: the verdict rules take the earlier of the two (signals.ts,
 * conditionSince). The fleet follows every change it observes with followConditions(); at
 * start it is seeded with what the timeline recorded (timeline/observe.ts, conditionsSeenOf).
 * Pure: `now` is passed in.
 */
import type { FunctionFacts } from "./function-object";
import { isoTime, parseTime } from "./safe-values";

/** Per condition type: the status held, and since when (epoch ms). */
export type ConditionsSeen = Record<string, { status: string; since: number }>;

/**
 * The next state after seeing `facts` at `now`: a condition whose status is unchanged keeps its
 * start; a new or changed one starts at its lastTransitionTime (never later than now), or now.
 */
export function followConditions(prev: ConditionsSeen | null, facts: Pick<FunctionFacts, "conditions">, now: number): ConditionsSeen {
  const next: ConditionsSeen = {};
  for (const c of facts.conditions) {
    const known = prev?.[c.type];
    next[c.type] = known && known.status === c.status ? known : { status: c.status, since: Math.min(now, parseTime(c.lastTransitionTime) ?? now) };
  }
  return next;
}

/** FunctionFacts.conditionsFirstSeen: ISO times by condition type, or undefined when none is known. */
export function firstSeenTimes(seen: ConditionsSeen): Record<string, string> | undefined {
  const types = Object.keys(seen);
  if (types.length === 0) return undefined;
  return Object.fromEntries(types.map((t) => [t, isoTime(seen[t].since)]));
}

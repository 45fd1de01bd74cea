import { describe, expect, it } from "vitest";
import { CONDITION, SYNCED_MESSAGES } from "./ack";
import { NOW, factsFromObject, loadFixture } from "./__fixtures__";
import { firstSeenTimes, followConditions } from "./conditions-seen";
import type { FunctionFacts } from "./function-object";

const stuck = () => factsFromObject(loadFixture("function-stuck-pending-v1.7.3"));
const restamp = (f: FunctionFacts, at: number): FunctionFacts => ({ ...f, conditions: f.conditions.map((c) => ({ ...c, lastTransitionTime: new Date(at).toISOString() })) });
const HOUR = 3_600_000;

describe("followConditions", () => {
  it("starts each condition at its lastTransitionTime on first sight, and keeps that start while the status holds", () => {
    const first = followConditions(null, stuck(), NOW);
    expect(firstSeenTimes(first)).toEqual({ [CONDITION.recoverable]: "2025-06-02T11:59:20.000Z", [CONDITION.synced]: "2025-06-02T11:59:20.000Z" });
    // An hour later the runtime has re-stamped lastTransitionTime: the start stays.
    const later = followConditions(first, restamp(stuck(), NOW + HOUR), NOW + HOUR);
    expect(later).toEqual(first);
  });

  it("starts again when the status changes, and forgets conditions that went", () => {
    const first = followConditions(null, stuck(), NOW);
    const synced: FunctionFacts = {
      ...stuck(),
      conditions: [{ type: CONDITION.synced, status: "True", message: SYNCED_MESSAGES.synced, reason: null, lastTransitionTime: new Date(NOW + HOUR).toISOString() }],
    };
    expect(followConditions(first, synced, NOW + 2 * HOUR)).toEqual({ [CONDITION.synced]: { status: "True", since: NOW + HOUR } });
  });

  it("never starts a condition in the future (clock skew), nor without a time later than now", () => {
    const skewed = restamp(stuck(), NOW + HOUR);
    expect(Object.values(followConditions(null, skewed, NOW)).map((c) => c.since)).toEqual([NOW, NOW]);
    const untimed: FunctionFacts = { ...stuck(), conditions: stuck().conditions.map((c) => ({ ...c, lastTransitionTime: null })) };
    expect(Object.values(followConditions(null, untimed, NOW)).map((c) => c.since)).toEqual([NOW, NOW]);
    expect(firstSeenTimes({})).toBeUndefined();
  });
});

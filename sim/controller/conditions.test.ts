import { describe, expect, it } from "vitest";
import { CONDITION, PENDING_MESSAGE, SYNCED_MESSAGES } from "@/lib/domain/ack";
import { deleteErrorConditions, readyCondition, syncConditions, TERMINAL_REASON } from "./conditions";

const T0 = "2025-01-01T00:00:00.000Z";
const T1 = "2025-01-01T01:00:00.000Z";

describe("syncConditions", () => {
  it("writes the stuck-Pending pair of docs/ack-lambda-controller.md, Recoverable first", () => {
    const cs = syncConditions(undefined, { kind: "recoverable", message: PENDING_MESSAGE }, { ready: false, nowIso: T0 });
    expect(cs).toEqual([
      { type: CONDITION.recoverable, status: "True", message: PENDING_MESSAGE, lastTransitionTime: T0 },
      { type: CONDITION.synced, status: "Unknown", message: SYNCED_MESSAGES.unknown, reason: PENDING_MESSAGE, lastTransitionTime: T0 },
    ]);
  });

  it("keeps lastTransitionTime while the status stays, moves it when the status changes", () => {
    const stuck = syncConditions(undefined, { kind: "recoverable", message: PENDING_MESSAGE }, { ready: false, nowIso: T0 });
    const again = syncConditions(stuck, { kind: "recoverable", message: PENDING_MESSAGE }, { ready: false, nowIso: T1 });
    expect(again.map((c) => c.lastTransitionTime)).toEqual([T0, T0]);
    const fixed = syncConditions(again, { kind: "synced" }, { ready: false, nowIso: T1 });
    expect(fixed).toEqual([{ type: CONDITION.synced, status: "True", message: SYNCED_MESSAGES.synced, lastTransitionTime: T1 }]);
  });

  it("terminal: Terminal True with the AWS error, Synced False with the runtime's reason", () => {
    const msg = "InvalidParameterValueException: The role defined for the function cannot be assumed by Lambda.";
    const cs = syncConditions(undefined, { kind: "terminal", message: msg }, { ready: true, nowIso: T0 });
    expect(cs.map((c) => [c.type, c.status, c.message, c.reason])).toEqual([
      [CONDITION.terminal, "True", msg, undefined],
      [CONDITION.synced, "False", SYNCED_MESSAGES.notSynced, TERMINAL_REASON],
      [CONDITION.ready, "False", msg, undefined],
    ]);
  });

  it("Ready only when asked for (v1.9.2+), copying Synced when there is no error", () => {
    expect(syncConditions(undefined, { kind: "notSynced" }, { ready: false, nowIso: T0 }).map((c) => c.type)).toEqual([CONDITION.synced]);
    const withReady = syncConditions(undefined, { kind: "notSynced" }, { ready: true, nowIso: T0 });
    expect(withReady[1]).toMatchObject({ type: CONDITION.ready, status: "False", message: SYNCED_MESSAGES.notSynced });
  });
});

describe("readyCondition", () => {
  it("prefers Terminal over Recoverable over Synced", () => {
    const conds = [
      { type: CONDITION.synced, status: "True", message: "s" },
      { type: CONDITION.recoverable, status: "True", message: "r" },
      { type: CONDITION.terminal, status: "True", message: "t" },
    ];
    expect(readyCondition(conds)?.message).toBe("t");
    expect(readyCondition(conds.slice(0, 2))?.message).toBe("r");
    expect(readyCondition(conds.slice(0, 1))).toMatchObject({ status: "True", message: "s" });
  });
});

describe("deleteErrorConditions", () => {
  it("sets Recoverable and keeps the other conditions with their times", () => {
    const synced = syncConditions(undefined, { kind: "synced" }, { ready: false, nowIso: T0 });
    const cs = deleteErrorConditions(synced, { message: "TooManyRequestsException: Rate exceeded", terminal: false }, { ready: false, nowIso: T1 });
    expect(cs).toEqual([
      { type: CONDITION.recoverable, status: "True", message: "TooManyRequestsException: Rate exceeded", lastTransitionTime: T1 },
      { type: CONDITION.synced, status: "True", message: SYNCED_MESSAGES.synced, lastTransitionTime: T0 },
    ]);
  });
});

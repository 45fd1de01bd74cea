import { describe, expect, it } from "vitest";
import { TimelineEntrySchema } from "../wire/timeline";
import { auditToEntry, eventToEntry } from "./events";

const NOW = Date.parse("2025-06-02T12:00:00Z");
const event = (over: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Event",
  metadata: { name: "orders.17f3", namespace: "team-a", uid: "ev-1", creationTimestamp: "2025-06-02T11:00:00Z" },
  involvedObject: { apiVersion: "lambda.services.k8s.aws/v1alpha1", kind: "Function", name: "orders", namespace: "team-a", uid: "fn-uid" },
  type: "Warning",
  reason: "Recoverable",
  message: "function in 'Pending' state, cannot be modified or deleted",
  count: 3,
  firstTimestamp: "2025-06-02T11:00:00Z",
  lastTimestamp: "2025-06-02T11:30:00Z",
  source: { component: "ack-lambda-controller" },
  ...over,
});

describe("eventToEntry", () => {
  it("makes one entry per occurrence, at lastTimestamp", () => {
    const e = eventToEntry("prod", event(), NOW)!;
    expect(e).toMatchObject({
      key: "prod/event/ev-1/3",
      name: "orders",
      namespace: "team-a",
      uid: "fn-uid",
      at: "2025-06-02T11:30:00.000Z",
      kind: "event",
      value: "Warning",
      reason: "Recoverable",
      detail: { count: 3, component: "ack-lambda-controller" },
    });
    expect(eventToEntry("prod", event({ count: 4 }), NOW)!.key).toBe("prod/event/ev-1/4");
  });

  it("reads events.k8s.io/v1 series and eventTime", () => {
    const e = eventToEntry("prod", event({ count: undefined, lastTimestamp: null, series: { count: 7, lastObservedTime: "2025-06-02T11:45:00.000000Z" } }), NOW)!;
    expect(e.key).toBe("prod/event/ev-1/7");
    expect(e.at).toBe("2025-06-02T11:45:00.000Z");
  });

  it("ignores Events about other kinds or groups and malformed ones, keeps hostile text as text", () => {
    expect(eventToEntry("prod", event({ involvedObject: { kind: "Pod", name: "x", namespace: "team-a" } }), NOW)).toBeNull();
    expect(eventToEntry("prod", event({ involvedObject: { kind: "Function", apiVersion: "other.io/v1", name: "x", namespace: "team-a" } }), NOW)).toBeNull();
    expect(eventToEntry("prod", "nope", NOW)).toBeNull();
    expect(eventToEntry("prod", { involvedObject: { kind: "Function" } }, NOW)).toBeNull();
    const hostile = eventToEntry("prod", event({ message: '<img src=x onerror="alert(1)">', lastTimestamp: "2999-01-01T00:00:00Z" }), NOW)!;
    expect(hostile.message).toBe('<img src=x onerror="alert(1)">');
    expect(Date.parse(hostile.at)).toBe(NOW); // never in the future
  });
});

describe("auditToEntry", () => {
  it("turns an audit entry into a remediation marker that fits the wire schema", () => {
    const entry = auditToEntry({
      id: "a-1",
      at: "2025-06-02T11:00:00.000Z",
      requestId: "r-1",
      phase: "outcome",
      actor: { user: "alice" },
      cluster: "prod",
      namespace: "team-a",
      name: "orders",
      uid: "fn-uid",
      action: "remove-finalizer",
      reason: "stuck on the v1.7.3 Pending bug",
      outcome: "succeeded",
      error: null,
      status: 200,
    });
    expect(TimelineEntrySchema.parse(entry)).toMatchObject({
      id: "audit:a-1",
      kind: "remediation",
      value: "remove-finalizer",
      reason: "outcome: succeeded",
      message: "alice: stuck on the v1.7.3 Pending bug",
    });
  });
});

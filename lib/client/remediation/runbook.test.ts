import { ACTION_VALUES } from "@/lib/domain/remediation/actions";
import { describe, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER } from "@/lib/domain/ack";
import type { FunctionDetail } from "@/lib/domain/wire/detail";
import { FIXED_NOW, makeRow } from "@/test/make-row";
import { buildRunbook } from "./runbook";
import type { Me } from "@/lib/domain/wire/me";
import type { Residual } from "@/lib/domain/wire/remediation";

function detail(over: Partial<FunctionDetail> = {}): FunctionDetail {
  const row = makeRow({ health: "deletion-blocked", deletionTimestamp: "2025-11-26T14:00:00Z" });
  return {
    ...row,
    finalizers: [ACK_FUNCTION_FINALIZER],
    verdict: { ...row.verdict, actions: ["remove-finalizer"] },
    object: {},
    events: [],
    clusterSummary: null,
    controller: { found: true, namespace: "ack-system", name: "ack", version: "1.7.3", image: null, replicas: 1, readyReplicas: 1 },
    eligibility: {
      "request-deletion": { allowed: false, blockers: ["Deletion was already requested 1 h ago."], warnings: [] },
      "retain-and-delete": { allowed: false, blockers: ["Controller 1.7.3 has the Pending bug."], warnings: [] },
      "remove-finalizer": { allowed: true, blockers: [], warnings: ["The AWS function still exists and will be orphaned."] },
      "delete-aws-function": { allowed: false, blockers: ["The Kubernetes object still owns this function."], warnings: [] },
    },
    ...over,
  };
}

const me = (allowed: boolean): Me => ({
  mode: "proxy",
  twoPersonRule: false,
  approvalTtlMs: 1_800_000,
  identity: { user: "ana", groups: ["ops"], email: null },
  function: {
    id: "prod-eu/payments/checkout",
    permissions: {},
    actions: Object.fromEntries(
      ACTION_VALUES.map((a) => [a, allowed ? { allowed: true, reason: "Kubernetes allows patch" } : { allowed: false, reason: "Kubernetes denied: ana cannot patch" }]),
    ) as NonNullable<Me["function"]>["actions"],
  },
});

const residual: Residual = {
  target: { cluster: "prod-eu", namespace: "payments", name: "checkout" },
  aws: { accountId: "123456789012", region: "eu-west-1", functionName: "payments-checkout", arn: null },
  retained: false,
  leftBy: { user: "ana", at: "2025-11-26T14:50:00Z", action: "remove-finalizer", requestId: "r" },
  live: { state: "Active", revisionId: "rev-1", tags: {} },
  eligibility: { allowed: true, blockers: [], warnings: ["This permanently deletes the function in AWS."] },
};

describe("buildRunbook", () => {
  it("offers the action that fits the verdict, enabled, with its warnings; blocked ones carry their first blocker", () => {
    const [inspect, act, clean] = buildRunbook({ detail: detail(), gone: false, me: me(true), meError: null, residuals: [], now: FIXED_NOW });
    expect(inspect.checks.find((c) => c.label === "Verdict")?.state).toBe("blocked");
    const rf = act.offers.find((o) => o.action === "remove-finalizer")!;
    expect(rf).toMatchObject({ recommended: true, enabled: true, confirmName: "checkout", expectedResourceVersion: "42", disabledReason: null });
    expect(rf.checks.map((c) => c.state)).toEqual(["passed", "passed", "warning"]);
    const rd = act.offers.find((o) => o.action === "request-deletion")!;
    expect(rd).toMatchObject({ recommended: false, enabled: false, disabledReason: "Deletion was already requested 1 h ago." });
    expect(clean.status).toBe("upcoming");
  });

  it("disables everything with Kubernetes's reason when the person may not act", () => {
    const [, act] = buildRunbook({ detail: detail(), gone: false, me: me(false), meError: null, residuals: [], now: FIXED_NOW });
    const rf = act.offers.find((o) => o.action === "remove-finalizer")!;
    expect(rf.enabled).toBe(false);
    expect(rf.disabledReason).toMatch(/cannot patch/);
  });

  it("is disabled while signed out", () => {
    const [, act] = buildRunbook({ detail: detail(), gone: false, me: null, meError: "not signed in", residuals: [], now: FIXED_NOW });
    expect(act.offers.every((o) => !o.enabled)).toBe(true);
  });

  it("after the object is gone, offers the residual clean-up with the AWS name to type", () => {
    const steps = buildRunbook({ detail: null, gone: true, me: me(true), meError: null, residuals: [residual], now: FIXED_NOW });
    expect(steps.map((s) => s.status)).toEqual(["done", "done", "current"]);
    expect(steps[2].offers[0]).toMatchObject({ action: "delete-aws-function", enabled: true, confirmName: "payments-checkout", expectedRevisionId: "rev-1" });
  });
});

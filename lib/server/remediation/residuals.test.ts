import { describe, expect, it } from "vitest";
import { ACK_TAG } from "@/lib/domain/ack";
import { DEFAULT_DIAGNOSE_SETTINGS } from "@/lib/domain/diagnose-settings";
import type { LiveFunction } from "../aws/delete";
import type { AuditEntry } from "../store/audit";
import { ResidualFinder } from "./residuals";
import { MemoryAuditLog } from "@/test/memory-audit-log";
import type { RemediationWorld } from "./world";

const AWS = { accountId: "111122223333", region: "eu-west-1", functionName: "fn-a", arn: null };
const T = { cluster: "c1", namespace: "team", name: "a" };
let t = Date.parse("2026-01-01T00:00:00Z");

function outcome(audit: MemoryAuditLog, action: AuditEntry["action"]) {
  t += 1000;
  audit.append({ requestId: "r", phase: "outcome", actor: { user: "ana", groups: [] }, ...T, uid: null, action, reason: "x", preconditions: { aws: AWS }, dryRun: null, outcome: "succeeded", error: null, status: 200, at: new Date(t).toISOString() });
}

function world(live: LiveFunction, owners: string[] = []): RemediationWorld {
  return {
    cluster: () => null,
    clusterNames: () => ["c1"],
    awsState: () => null,
    nudge: () => undefined,
    liveOwners: () => owners,
    settings: DEFAULT_DIAGNOSE_SETTINGS,
    lambda: { readFunction: async () => live, deleteFunction: async () => ({ kind: "deleted" }) },
    now: () => t + 1000,
  };
}

const found: LiveFunction = { kind: "found", arn: "arn:aws:lambda:eu-west-1:111122223333:function:fn-a", functionName: "fn-a", state: "Active", revisionId: "rev", lastModified: null, tags: { [ACK_TAG.controllerVersion]: "lambda-1.7.3", [ACK_TAG.namespace]: "team" } };

describe("ResidualFinder", () => {
  it("lists what a finalizer removal left, until a later clean-up; an older clean-up does not hide a newer residual", async () => {
    const audit = new MemoryAuditLog();
    outcome(audit, "remove-finalizer");
    expect((await new ResidualFinder(world(found), audit).find(T)).map((r) => r.aws.functionName)).toEqual(["fn-a"]);
    outcome(audit, "delete-aws-function");
    expect(await new ResidualFinder(world(found), audit).find(T)).toEqual([]);
    // Created again under the same name, and left again.
    outcome(audit, "remove-finalizer");
    const again = await new ResidualFinder(world(found), audit).find(T);
    expect(again).toHaveLength(1);
    expect(again[0].eligibility.allowed).toBe(true);
  });

  it("skips functions a live object manages or AWS no longer has, and keeps unreadable ones, blocked", async () => {
    const audit = new MemoryAuditLog();
    outcome(audit, "remove-finalizer");
    expect(await new ResidualFinder(world(found, ["c2/team/other"]), audit).find(T)).toEqual([]);
    expect(await new ResidualFinder(world({ kind: "not-found" }), audit).find(T)).toEqual([]);
    const unreadable = await new ResidualFinder(world({ kind: "error", code: "AccessDenied", message: "no", throttled: false }), audit).find(T);
    expect(unreadable[0].eligibility).toMatchObject({ allowed: false });
    expect(unreadable[0].eligibility.blockers.join(" ")).toMatch(/AWS state unknown/);
  });
});

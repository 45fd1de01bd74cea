import { describe, expect, it } from "vitest";
import { makeCluster, makeRow } from "@/test/make-row";
import { FunctionDetailSchema } from "./detail";

const extra = {
  object: { metadata: { name: "checkout" } },
  events: [{ type: "Warning", reason: "Pending", message: "m", count: 3, firstTimestamp: null, lastTimestamp: "2025-11-26T14:00:00Z", source: { component: "ack" } }],
  eligibility: Object.fromEntries(
    ["request-deletion", "retain-and-delete", "remove-finalizer", "delete-aws-function"].map((a) => [a, { allowed: false, blockers: ["not stuck"], warnings: [] }]),
  ),
  controller: null,
};

describe("FunctionDetailSchema", () => {
  it("is the row with the object, the events, each action's eligibility and the cluster's summary", () => {
    const detail = FunctionDetailSchema.parse({ ...makeRow({ cluster: "prod-eu" }), ...extra, clusterSummary: makeCluster({ name: "prod-eu", functionCount: 3 }) });
    expect(detail.cluster).toBe("prod-eu");
    expect(detail.clusterSummary?.functionCount).toBe(3);
    expect(FunctionDetailSchema.parse({ ...makeRow(), ...extra, clusterSummary: null }).clusterSummary).toBeNull();
  });

  it("rejects a body without the row fields, or without an action's eligibility", () => {
    expect(FunctionDetailSchema.safeParse({ ...extra, clusterSummary: null }).success).toBe(false);
    const { "delete-aws-function": _dropped, ...three } = extra.eligibility;
    void _dropped;
    expect(FunctionDetailSchema.safeParse({ ...makeRow(), ...extra, eligibility: three, clusterSummary: null }).success).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { FunctionDetailSchema } from "./get-function-detail";
import { makeCluster, makeRow } from "./testing/make-row";

const extra = {
  object: { metadata: { name: "checkout" } },
  events: [{ type: "Warning", reason: "Pending", message: "m", count: 3, firstTimestamp: null, lastTimestamp: "2025-11-26T14:00:00Z", source: { component: "ack" } }],
  timeline: [],
  eligibility: { "remove-finalizer": { allowed: false, blockers: ["not stuck"], warnings: [] } },
  controller: null,
};

describe("FunctionDetailSchema", () => {
  it("takes the cluster summary the server sends under `cluster`", () => {
    const detail = FunctionDetailSchema.parse({ ...makeRow(), ...extra, cluster: makeCluster({ name: "prod-eu", functionCount: 3 }) });
    expect(detail.cluster).toBe("prod-eu");
    expect(detail.clusterSummary?.functionCount).toBe(3);
  });

  it("accepts a plain cluster name, or null with the name taken from the id", () => {
    expect(FunctionDetailSchema.parse({ ...makeRow({ cluster: "staging" }), ...extra }).cluster).toBe("staging");
    const fromId = FunctionDetailSchema.parse({ ...makeRow({ cluster: "prod-us" }), ...extra, cluster: null });
    expect(fromId.cluster).toBe("prod-us");
    expect(fromId.clusterSummary).toBeUndefined();
  });

  it("rejects a body without the row fields", () => {
    expect(FunctionDetailSchema.safeParse({ ...extra, cluster: "x" }).success).toBe(false);
  });
});

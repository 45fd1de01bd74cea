import { describe, expect, it } from "vitest";
import { matchingRows, offeredActions, selectedRows } from "./batch-selection";

const rows = [
  { id: "prod-us/a/1", cluster: "prod-us", actions: [{ action: "remove-finalizer" as const }] },
  { id: "prod-us/a/2", cluster: "prod-us", actions: [{ action: "request-deletion" as const }] },
  { id: "prod-eu/a/3", cluster: "prod-eu", actions: [{ action: "remove-finalizer" as const }, { action: "retain-and-delete" as const }] },
];

describe("batch selection", () => {
  it("matches rows offering the action, within the cluster filter", () => {
    expect(matchingRows(rows, { action: "remove-finalizer", cluster: null }).map((r) => r.id)).toEqual(["prod-us/a/1", "prod-eu/a/3"]);
    expect(matchingRows(rows, { action: "remove-finalizer", cluster: "prod-eu" }).map((r) => r.id)).toEqual(["prod-eu/a/3"]);
    expect(matchingRows(rows, { action: null, cluster: null })).toEqual([]);
  });

  it("keeps only ticked rows that still match", () => {
    const ticked = new Set(["prod-us/a/1", "prod-us/a/2", "gone/x/y"]);
    expect(selectedRows(rows, { action: "remove-finalizer", cluster: null }, ticked).map((r) => r.id)).toEqual(["prod-us/a/1"]);
  });

  it("lists the offered actions in the given order", () => {
    expect(offeredActions(rows, ["request-deletion", "retain-and-delete", "remove-finalizer", "delete-aws-function"])).toEqual(["request-deletion", "retain-and-delete", "remove-finalizer"]);
  });
});

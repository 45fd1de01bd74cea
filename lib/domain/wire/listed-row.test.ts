import { describe, expect, it } from "vitest";
import { makeRow } from "@/test/make-row";
import { FunctionDeltaResponseSchema, FunctionListResponseSchema, ListedRowSchema, listedRowWire, type FunctionRow } from "./fleet";
import { RowEventSchema } from "./stream";

/** The fields a list row carries, whole (after ListedRowSchema), in a stable order for comparing. */
const LISTED_FIELDS = ["accountId", "arn", "aws", "awsName", "cluster", "deletionTimestamp", "id", "name", "namespace", "observedAt", "region", "resourceVersion", "stale", "statusState", "uid", "verdict"];

describe("the row as lists, deltas and the stream carry it (listedRowWire, ListedRowSchema)", () => {
  it("leaves out what only a Function's page shows and what the reader can tell without it", () => {
    const row = makeRow({ name: "checkout", noAws: true });
    expect(Object.keys(row)).toEqual(expect.arrayContaining(["conditions", "finalizers"]));
    expect(listedRowWire(row)).toEqual({
      cluster: "prod-eu",
      namespace: "payments",
      name: "checkout",
      uid: "uid-prod-eu-payments-checkout",
      resourceVersion: "42",
      awsName: "payments-checkout",
      region: "eu-west-1",
      accountId: "123456789012",
      statusState: "Active",
      verdict: row.verdict,
      observedAt: row.observedAt,
    });
    // About half of the row's bytes here (a row with one condition and no AWS state).
    expect(JSON.stringify(listedRowWire(row)).length).toBeLessThan(JSON.stringify(row).length * 0.6);
  });

  it("is made whole again by ListedRowSchema: every listed field as the server has it", () => {
    const rows: FunctionRow[] = [
      makeRow({ name: "plain" }),
      makeRow({ name: "no-aws", noAws: true }),
      makeRow({ name: "deleting", deletionTimestamp: "2025-11-26T14:00:00Z", stale: true }),
      makeRow({ name: "no-account", accountId: null }),
      // An ARN of another partition, and one that says something else than the parts: sent as it is.
      { ...makeRow({ name: "china", region: "cn-north-1" }), arn: "arn:aws-cn:lambda:cn-north-1:123456789012:function:payments-china" },
      { ...makeRow({ name: "other" }), arn: null },
      // An id that is not cluster/namespace/name (none is today): sent as it is.
      { ...makeRow({ name: "odd" }), id: "odd-id" },
    ];
    for (const row of rows) {
      const back = ListedRowSchema.parse(JSON.parse(JSON.stringify(listedRowWire(row))));
      const expected = Object.fromEntries(LISTED_FIELDS.filter((k) => k in row).map((k) => [k, row[k as keyof FunctionRow]]));
      expect({ ...back, stale: back.stale ?? false }).toEqual({ ...expected, stale: row.stale ?? false });
    }
    expect(listedRowWire({ ...makeRow({ name: "other" }), arn: null })).toMatchObject({ arn: null });
    expect(listedRowWire(makeRow({ name: "no-account", accountId: null }))).not.toHaveProperty("arn");
  });

  it("is what the list, the delta and the row event parse (the browser's schemas)", () => {
    const row = makeRow({ name: "checkout" });
    const wire = JSON.parse(JSON.stringify(listedRowWire(row)));
    const list = FunctionListResponseSchema.parse({ generatedAt: "2025-11-26T15:00:00Z", clusters: [], items: [wire] });
    const delta = FunctionDeltaResponseSchema.parse({ generatedAt: "2025-11-26T15:00:00Z", since: "1", version: "2", clusters: [], changed: [wire], removed: [], total: 1 });
    const event = RowEventSchema.parse({ id: row.id, row: wire });
    for (const got of [list.items[0], delta.changed[0], event.row]) {
      expect(got).toMatchObject({ id: row.id, arn: row.arn, aws: row.aws, deletionTimestamp: null });
      expect(got).not.toHaveProperty("conditions");
      expect(got).not.toHaveProperty("finalizers");
    }
  });
});

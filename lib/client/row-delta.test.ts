import { describe, expect, it } from "vitest";
import { DeltaMismatchError, diffRows, mergeRows, type RowSnapshot } from "./row-delta";
import { makeRow } from "@/test/make-row";
import { listedRowWire } from "@/lib/domain/wire/fleet";

const a = makeRow({ name: "a" });
const b = makeRow({ name: "b", health: "stuck" });
const c = makeRow({ name: "c" });

describe("row deltas between the worker and the page", () => {
  it("sends every row the first time, then only what changed", () => {
    const first = diffRows(new Map(), [a, b]);
    expect(first.delta.changed.map((r) => r.id)).toEqual([a.id, b.id]);

    const bChanged = { ...structuredClone(b), resourceVersion: "43" };
    const second = diffRows(first.snapshot, [structuredClone(a), bChanged, c]);
    expect(second.delta.order).toEqual([a.id, b.id, c.id]);
    expect(second.delta.changed.map((r) => [r.id, r.resourceVersion])).toEqual([
      [b.id, "43"],
      [c.id, "42"],
    ]);
  });

  it("validates only new or changed rows, and rejects rows without an id", () => {
    const seen: number[] = [];
    const parse = (raw: unknown, i: number) => {
      seen.push(i);
      return raw as typeof a;
    };
    const { snapshot } = diffRows(new Map(), [a, b], parse);
    expect(seen).toEqual([0, 1]);
    seen.length = 0;
    diffRows(snapshot, [a, { ...b, resourceVersion: "44" }], parse);
    expect(seen).toEqual([1]);
    expect(() => diffRows(new Map(), [a, { name: "no id" }])).toThrow("items.1.id is missing");
  });

  it("tracks rows as the list sends them, without their id (cluster/namespace/name), and makes them whole", () => {
    const wire = [a, b].map((r) => JSON.parse(JSON.stringify(listedRowWire(r))) as unknown);
    expect(wire[0]).not.toHaveProperty("id");
    const first = diffRows(new Map(), wire);
    expect(first.delta.order).toEqual([a.id, b.id]);
    expect(first.delta.changed.map((r) => [r.id, r.arn, r.deletionTimestamp])).toEqual([
      [a.id, a.arn, null],
      [b.id, b.arn, null],
    ]);
    expect(diffRows(first.snapshot, wire).delta.changed).toEqual([]);
  });

  it("does not modify the previous snapshot", () => {
    const snap: RowSnapshot = new Map([[a.id, "old"]]);
    diffRows(snap, [a]);
    expect(snap.get(a.id)).toBe("old");
  });

  it("merges by reusing unchanged row objects, and keeps the array when nothing changed", () => {
    const page = mergeRows(null, diffRows(new Map(), [a, b]).delta);
    const { snapshot } = diffRows(new Map(), [a, b]);

    const same = mergeRows(page, diffRows(snapshot, [structuredClone(a), structuredClone(b)]).delta);
    expect(same).toBe(page);

    const bChanged = { ...structuredClone(b), resourceVersion: "43" };
    const next = mergeRows(page, diffRows(snapshot, [bChanged, structuredClone(a)]).delta);
    expect(next).not.toBe(page);
    expect(next[1]).toBe(page[0]); // a, unchanged: the same object
    expect(next[0].resourceVersion).toBe("43");
  });

  it("follows a new order and removals without changed rows", () => {
    const page = [a, b, c];
    const { snapshot } = diffRows(new Map(), page);
    const next = mergeRows(page, diffRows(snapshot, [c, a]).delta);
    expect(next.map((r) => r.id)).toEqual([c.id, a.id]);
    expect(next[0]).toBe(c);
  });

  it("says when the page lacks a row the worker thinks it sent", () => {
    const { snapshot } = diffRows(new Map(), [a, b]);
    expect(() => mergeRows([a], diffRows(snapshot, [a, b]).delta)).toThrow(DeltaMismatchError);
  });
});

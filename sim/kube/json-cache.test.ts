import { describe, expect, it } from "vitest";
import { listJson, storedJson } from "./json-cache";
import { clone } from "./patch";
import type { KubeObject } from "./metadata";

const obj = (name: string): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "ns", labels: { "a/b": "c" } }, data: { "1": "one", x: 'quote " and \\u2028' } }) as KubeObject;

describe("json-cache", () => {
  it("a list's text is exactly JSON.stringify of the list", () => {
    const head = { apiVersion: "v1", kind: "ConfigMapList", metadata: { resourceVersion: "7", continue: "" } };
    for (const items of [[], [obj("a")], [obj("a"), obj("b"), obj("c")]]) {
      expect(listJson(head, items)).toBe(JSON.stringify({ ...head, items }));
    }
  });

  it("serialises an object once: the same text for the same object", () => {
    const o = obj("a");
    expect(storedJson(o)).toBe(JSON.stringify(o));
    expect(storedJson(o)).toBe(storedJson(o));
  });
});

describe("clone", () => {
  it("copies with JSON's semantics", () => {
    const input = { a: 1, b: undefined, c: [1, undefined, () => 0, Number.NaN], d: { e: null, f: Number.POSITIVE_INFINITY, g: () => 0 }, h: new Date(0), "2": "int key" };
    const copy = clone(input);
    expect(copy).toEqual(JSON.parse(JSON.stringify(input)));
    expect(Object.keys(copy)).toEqual(Object.keys(JSON.parse(JSON.stringify(input)) as object));
    expect(copy.d).not.toBe(input.d);
  });
});

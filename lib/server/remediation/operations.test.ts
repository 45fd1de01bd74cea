import { describe, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER } from "@/lib/domain/ack";
import { pointerToken, rawHasAnnotations, removeAckFinalizerPatch, retainPolicyPatch, summariseObject } from "./operations";

const fn = { uid: "u-1", resourceVersion: "42" };

describe("removeAckFinalizerPatch", () => {
  it("tests uid, resourceVersion and the finalizer at its index, then removes that index only", () => {
    expect(removeAckFinalizerPatch({ ...fn, finalizers: ["example.com/a", ACK_FUNCTION_FINALIZER, "example.com/b"] })).toEqual([
      { op: "test", path: "/metadata/uid", value: "u-1" },
      { op: "test", path: "/metadata/resourceVersion", value: "42" },
      { op: "test", path: "/metadata/finalizers/1", value: ACK_FUNCTION_FINALIZER },
      { op: "remove", path: "/metadata/finalizers/1" },
    ]);
  });

  it("is null when the ACK finalizer is not there", () => {
    expect(removeAckFinalizerPatch({ ...fn, finalizers: ["example.com/a"] })).toBeNull();
  });
});

describe("retainPolicyPatch", () => {
  it("adds the annotation with an escaped JSON pointer, or the whole map when there is none", () => {
    expect(retainPolicyPatch(fn, true).at(-1)).toEqual({ op: "add", path: "/metadata/annotations/services.k8s.aws~1deletion-policy", value: "retain" });
    expect(retainPolicyPatch(fn, false).at(-1)).toEqual({ op: "add", path: "/metadata/annotations", value: { "services.k8s.aws/deletion-policy": "retain" } });
    expect(pointerToken("a~b/c")).toBe("a~0b~1c");
    expect(rawHasAnnotations({ metadata: { annotations: {} } })).toBe(true);
    expect(rawHasAnnotations({ metadata: {} })).toBe(false);
  });
});

describe("summariseObject", () => {
  it("says when the API server removes the object", () => {
    expect(summariseObject({ kind: "Status", status: "Success" }).removed).toBe(true);
    expect(summariseObject({ metadata: { resourceVersion: "5", deletionTimestamp: "2026-01-01T00:00:00Z", finalizers: [] } })).toMatchObject({ removed: true, resourceVersion: "5" });
    expect(summariseObject({ metadata: { resourceVersion: "6", deletionTimestamp: "2026-01-01T00:00:00Z", finalizers: ["x/y"] } })).toMatchObject({ removed: false, finalizers: ["x/y"] });
  });
});

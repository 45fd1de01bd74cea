import { describe, expect, it } from "vitest";
import { compareStates } from "./state-comparison";
import { makeRow } from "@/test/make-row";

const byKey = (fields: ReturnType<typeof compareStates>) => Object.fromEntries(fields.map((f) => [f.key, f]));

describe("compareStates", () => {
  it("flags the stale Pending of the v1.7.3 bug: Kubernetes Pending, AWS Active", () => {
    const row = makeRow({ statusState: "Pending", awsState: "Active" });
    const object = { status: { state: "Pending", codeSHA256: "abc=", lastModified: "2025-11-26T12:00:00.000+0000" } };
    const aws = { ...row.aws!, codeSha256: "abc=", lastModified: "2025-11-26T12:00:00Z" };
    const f = byKey(compareStates({ ...row, aws }, object));
    expect(f.state).toMatchObject({ kubernetes: "Pending", aws: "Active", differs: true });
    expect(f.codeSHA256.differs).toBe(false);
    // same instant in two spellings is not a difference
    expect(f.lastModified.differs).toBe(false);
    expect(f.exists.differs).toBe(false);
  });

  it("marks a function missing in AWS, without comparing fields it cannot have", () => {
    const row = makeRow({ statusState: "Active", awsExists: false, awsState: null });
    const f = byKey(compareStates(row, { status: { state: "Active" } }));
    expect(f.exists).toMatchObject({ aws: "No (not found in AWS)", differs: true });
    expect(f.state).toMatchObject({ kubernetes: "Active", aws: null, differs: false });
  });

  it("shows nothing as different when AWS was never read", () => {
    const row = makeRow({ noAws: true });
    expect(compareStates(row, { status: { state: "Active" } }).some((f) => f.differs)).toBe(false);
  });

  it("copes with an object of any shape", () => {
    const row = makeRow({ statusState: null });
    for (const object of [null, "text", [], { status: "weird" }, { status: { state: { nested: true } } }]) {
      const f = byKey(compareStates(row, object));
      expect(f.state.kubernetes).toBeNull();
    }
  });
});

import { describe, expect, it } from "vitest";
import { HIDDEN_VALUE, withoutEnvironmentValues } from "./for-function";

describe("withoutEnvironmentValues", () => {
  it("hides every value of spec.environment.variables, keeps the names and leaves the input alone", () => {
    const obj = { kind: "Function", spec: { name: "f", environment: { variables: { A: "secret-a", B: "secret-b" } } }, status: { state: "Active" } };
    const out = withoutEnvironmentValues(obj) as typeof obj;
    expect(out.spec.environment.variables).toEqual({ A: HIDDEN_VALUE, B: HIDDEN_VALUE });
    expect(JSON.stringify(out)).not.toContain("secret");
    expect(out.status).toBe(obj.status);
    expect(obj.spec.environment.variables.A).toBe("secret-a");
  });

  it.each([
    ["no spec", { kind: "Function" }],
    ["no environment", { spec: { name: "f" } }],
    ["null variables", { spec: { environment: { variables: null } } }],
    ["not an object", "nope"],
    ["null", null],
  ])("returns %s unchanged", (_, obj) => {
    expect(withoutEnvironmentValues(obj)).toBe(obj);
  });

  it("hides malformed variables wholesale (a list or a string could still hold a value)", () => {
    for (const variables of [["A=secret"], "A=secret", 42]) {
      const out = withoutEnvironmentValues({ spec: { environment: { variables } } });
      expect(out).toEqual({ spec: { environment: { variables: HIDDEN_VALUE } } });
    }
  });
});

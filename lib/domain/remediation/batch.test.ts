import { describe, expect, it } from "vitest";
import { confirmationFor, confirmationProblem, countItems, describeCounts } from "./batch";

describe("batch confirmation", () => {
  const expected = confirmationFor([{ cluster: "prod-us" }, { cluster: "prod-eu" }, { cluster: "prod-us" }]);

  it("asks for the number of Functions and each cluster once, sorted", () => {
    expect(expected).toEqual({ count: 3, clusters: ["prod-eu", "prod-us"] });
  });

  it("accepts the clusters in any order, each typed exactly", () => {
    expect(confirmationProblem(expected, { count: 3, clusters: ["prod-us", " prod-eu "] })).toBeNull();
  });

  it("names what is wrong: the count, a missing, extra or misspelt cluster", () => {
    expect(confirmationProblem(expected, { count: 2, clusters: ["prod-eu", "prod-us"] })).toMatch(/type the number of Functions, 3 \(you typed 2\)/);
    expect(confirmationProblem(expected, { count: 3, clusters: ["prod-us"] })).toMatch(/each cluster's name: prod-eu, prod-us/);
    expect(confirmationProblem(expected, { count: 3, clusters: ["prod-us", "prod-eu", "staging"] })).not.toBeNull();
    expect(confirmationProblem(expected, { count: 3, clusters: ["prod-us", "Prod-EU"] })).not.toBeNull();
    expect(confirmationProblem(confirmationFor([{ cluster: "a" }]), { count: 1, clusters: [] })).toBe("type the cluster's name, a");
  });
});

describe("batch counts", () => {
  it("counts results and says them in a fixed order", () => {
    const c = countItems([{ status: "succeeded" }, { status: "skipped" }, { status: "succeeded" }, { status: "not-run" }, { status: "running" }]);
    expect(c).toMatchObject({ total: 5, finished: 4, succeeded: 2, skipped: 1, "not-run": 1, running: 1 });
    expect(describeCounts(c)).toBe("2 succeeded, 1 skipped, 1 not run, 1 not finished");
    expect(describeCounts(countItems([]))).toBe("nothing");
  });
});

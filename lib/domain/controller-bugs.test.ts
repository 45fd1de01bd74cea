import { describe, expect, it } from "vitest";
import { CONTROLLER_BUGS, firstVersionWithoutKnownBugs, functionsAffected, hasKnownBug, knownBugLabel, knownBugs } from "./controller-bugs";
import { hasPendingBug } from "./controller-version";

describe("knownBugs", () => {
  it.each([
    ["1.7.3", ["stale-pending"]],
    ["v1.7.3", ["stale-pending"]],
    ["lambda-1.7.3", ["stale-pending"]],
    ["1.6.2", ["inactive-never-synced", "stale-pending"]],
    ["1.6.3", ["stale-pending"]],
    ["0.1.4", ["inactive-never-synced", "stale-pending"]],
    ["1.7.4-rc.1", ["stale-pending"]],
    ["1.7.4", []],
    ["1.14.1", []],
  ] as const)("%s → %j", (version, ids) => {
    expect(knownBugs(version)?.map((b) => b.id)).toEqual(ids);
  });

  it.each([["latest"], ["sha256:0123"], [""], [null], [undefined]])("%j is unknown, never 'no bugs'", (version) => {
    expect(knownBugs(version)).toBeNull();
    expect(hasKnownBug(version, "stale-pending")).toBeNull();
    expect(knownBugLabel(version)).toBe("unknown");
  });

  it("agrees with hasPendingBug, which the verdict rules use", () => {
    for (const v of ["0.0.9", "1.0.0", "1.7.3", "1.7.4-rc.9", "1.7.4", "1.7.10", "2.0.0"]) {
      expect(hasKnownBug(v, "stale-pending")).toBe(hasPendingBug(v));
    }
  });
});

describe("knownBugLabel (the known_bug label of ack_fleet_controller_info)", () => {
  it("joins sorted ids, empty when none", () => {
    expect(knownBugLabel("1.6.0")).toBe("inactive-never-synced,stale-pending");
    expect(knownBugLabel("1.7.3")).toBe("stale-pending");
    expect(knownBugLabel("1.14.1")).toBe("");
  });
});

describe("the table", () => {
  it("cites an issue, a fix and a release for every entry, with unique label-safe ids", () => {
    const ids = CONTROLLER_BUGS.map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const bug of CONTROLLER_BUGS) {
      expect(bug.id).toMatch(/^[a-z][a-z-]*$/);
      expect(bug.citation.issue).toMatch(/^aws-controllers-k8s\/community#\d+$/);
      expect(bug.citation.fix).toMatch(/^aws-controllers-k8s\/lambda-controller#\d+/);
      expect(bug.citation.release).toContain(`v${bug.fixedIn}`);
    }
  });

  it("advises the highest fixedIn as the upgrade target", () => {
    expect(firstVersionWithoutKnownBugs()).toBe("1.7.4");
    expect(knownBugs(firstVersionWithoutKnownBugs())).toEqual([]);
  });
});

describe("functionsAffected", () => {
  const row = (...codes: string[]) => ({ verdict: { reasons: codes.map((code) => ({ code })) } });

  it("counts the rows whose verdict gives one of a bug's reason codes, every bug listed", () => {
    expect(functionsAffected([row("pending-bug", "ack-finalizer-present"), row("pending-bug"), row("inactive-not-synced"), row("stale-pending"), row()])).toEqual({
      "stale-pending": 2,
      "inactive-never-synced": 1,
    });
    expect(functionsAffected([])).toEqual({ "stale-pending": 0, "inactive-never-synced": 0 });
  });

  it("each bug's reason codes are ones the verdict rules give", async () => {
    const { readFileSync, readdirSync } = await import("node:fs");
    const dir = new URL("./diagnose/", import.meta.url);
    const sources = [readFileSync(new URL("reasons.ts", dir), "utf8"), ...readdirSync(new URL("rules/", dir)).map((f) => readFileSync(new URL(`rules/${f}`, dir), "utf8"))].join("\n");
    for (const bug of CONTROLLER_BUGS) for (const code of bug.reasonCodes) expect(sources).toContain(`code: "${code}"`);
  });
});

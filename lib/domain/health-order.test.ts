import { describe, expect, it } from "vitest";
import { compareRows, healthRank } from "./health-order";
import { HEALTH_VALUES } from "./schemas";

describe("healthRank", () => {
  it("follows HEALTH_VALUES, worst first; unexpected values last", () => {
    expect(HEALTH_VALUES.map(healthRank)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(healthRank("on-fire")).toBe(9);
  });
});

describe("compareRows", () => {
  const row = (id: string, health: string, since: string | null) => ({ id, verdict: { health, since } });

  it("sorts worst first, then longest-standing, then unknown since, then id", () => {
    const rows = [
      row("c/ns/healthy", "healthy", "2025-06-01T00:00:00Z"),
      row("c/ns/stuck-new", "stuck", "2025-06-02T10:00:00Z"),
      row("c/ns/stuck-no-since-b", "stuck", null),
      row("c/ns/blocked", "deletion-blocked", "2025-06-02T11:00:00Z"),
      row("c/ns/stuck-old", "stuck", "2025-05-30T09:00:00Z"),
      row("c/ns/stuck-no-since-a", "stuck", null),
      row("c/ns/unknown", "unknown", null),
    ];
    expect(rows.sort(compareRows).map((r) => r.id)).toEqual([
      "c/ns/blocked",
      "c/ns/stuck-old",
      "c/ns/stuck-new",
      "c/ns/stuck-no-since-a",
      "c/ns/stuck-no-since-b",
      "c/ns/healthy",
      "c/ns/unknown",
    ]);
  });
});

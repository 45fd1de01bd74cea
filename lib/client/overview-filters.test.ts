import { describe, expect, it } from "vitest";
import {
  DEFAULT_FILTERS,
  hasActiveFilters,
  nextSort,
  parseOverviewParams,
  toOverviewQuery,
  type OverviewFilters,
} from "./overview-filters";

describe("overview filters in the URL", () => {
  it("reads an empty query as the defaults", () => {
    expect(parseOverviewParams(new URLSearchParams(""))).toEqual(DEFAULT_FILTERS);
    expect(toOverviewQuery(DEFAULT_FILTERS)).toBe("");
  });

  it("round-trips every field", () => {
    const filters: OverviewFilters = {
      cluster: "prod-eu",
      namespace: "payments",
      health: ["stuck", "deletion-blocked"],
      q: "checkout api",
      sort: "since",
      order: "desc",
    };
    const query = toOverviewQuery(filters);
    expect(query).toBe("cluster=prod-eu&namespace=payments&health=deletion-blocked%2Cstuck&q=checkout+api&sort=since&order=desc");
    // health comes back worst first, whatever order it was given in
    expect(parseOverviewParams(new URLSearchParams(query))).toEqual({
      ...filters,
      health: ["deletion-blocked", "stuck"],
    });
  });

  it("omits an order that is the column's default", () => {
    expect(toOverviewQuery({ ...DEFAULT_FILTERS, sort: "since", order: "asc" })).toBe("sort=since");
    expect(toOverviewQuery({ ...DEFAULT_FILTERS, sort: "name", order: "desc" })).toBe("sort=name&order=desc");
    expect(toOverviewQuery({ ...DEFAULT_FILTERS, order: "desc" })).toBe("order=desc");
  });

  it("ignores unknown values instead of failing", () => {
    const parsed = parseOverviewParams(
      new URLSearchParams("health=stuck,bogus,,stuck&sort=drop table&order=sideways&cluster=%20"),
    );
    expect(parsed.health).toEqual(["stuck"]);
    expect(parsed.sort).toBe("health");
    expect(parsed.order).toBe("asc");
    expect(parsed.cluster).toBeNull();
  });
});

describe("sorting by header clicks", () => {
  it("flips the order on the same column and starts another at its default", () => {
    expect(nextSort(DEFAULT_FILTERS, "health")).toEqual({ sort: "health", order: "desc" });
    expect(nextSort(DEFAULT_FILTERS, "name")).toEqual({ sort: "name", order: "asc" });
    expect(nextSort(DEFAULT_FILTERS, "since")).toEqual({ sort: "since", order: "asc" });
    expect(nextSort({ ...DEFAULT_FILTERS, sort: "since", order: "asc" }, "since")).toEqual({ sort: "since", order: "desc" });
  });
});

describe("hasActiveFilters", () => {
  it("ignores sort and blank text", () => {
    expect(hasActiveFilters({ ...DEFAULT_FILTERS, sort: "name", q: "   " })).toBe(false);
    expect(hasActiveFilters({ ...DEFAULT_FILTERS, health: ["drift"] })).toBe(true);
  });
});

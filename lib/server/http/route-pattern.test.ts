import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROUTE_PATTERNS, routePattern } from "./route-pattern";

const APP = path.resolve(__dirname, "../../../app");

function routeFiles(dir: string, prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return routeFiles(path.join(dir, e.name), `${prefix}/${e.name}`);
    return e.name === "route.ts" ? [prefix] : [];
  });
}

describe("routePattern", () => {
  it("lists exactly the route handlers of the app folder", () => {
    expect([...ROUTE_PATTERNS].sort()).toEqual(routeFiles(APP).sort());
  });

  it.each([
    ["/api/functions", "/api/functions"],
    ["/api/functions/", "/api/functions"],
    ["/api/functions/prod-us/checkout/order-events-processor", "/api/functions/[cluster]/[namespace]/[name]"],
    ["/api/functions/arn%3Aaws%3Aeks%3Aus-east-1%3A1%3Acluster%2Fa/ns/fn/timeline", "/api/functions/[cluster]/[namespace]/[name]/timeline"],
    ["/api/remediations/needs-action", "/api/remediations/needs-action"],
    ["/api/remediations/1234/approve", "/api/remediations/[id]/approve"],
    ["/metrics", "/metrics"],
    ["/api/functions/a/b", "other"],
    ["/api/nothing", "other"],
    ["/api/functions//ns/fn", "other"],
  ])("%s → %s", (pathname, pattern) => {
    expect(routePattern(pathname)).toBe(pattern);
  });
});

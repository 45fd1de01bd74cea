/**
 * The overview's first page made while the page renders: the same answer, for the same reader,
 * as `GET /api/functions?limit=50` (a screen's rows, not the browser's first page of 200); never the all-seeing view for a person
 * who may list less; nothing (the browser then asks) when the request is not authenticated.
 */
import { describe, expect, it } from "vitest";
import { FIRST_PAGE_ROWS, FunctionListResponseSchema, SERVER_RENDERED_ROWS, type FunctionRow } from "@/lib/domain/wire/fleet";
import { makeCluster, makeRow } from "@/test/make-row";
import { FunctionVisibility, type ListReview } from "../auth/visibility";
import { RowIndex } from "../fleet/row-index";
import type { ServerApp } from "../app";
import { firstPageFor } from "./first-page";

const SECRET = "first-page-secret-0123456789abcdefghij";
const person = (user: string) => new Headers({ "x-forwarded-user": user, "x-forwarded-email": `${user}@example.com`, "x-ack-fleet-proxy-secret": SECRET });

/** carol may list Functions in team-a only; the viewer everywhere. */
const review: ListReview = async (_cluster, who, namespace) => ({ ok: true, allowed: who.user === "viewer" || (who.user === "carol" && namespace === "team-a"), reason: "" });

function appWith(rows: FunctionRow[], authMode: "local" | "proxy") {
  const index = new RowIndex();
  for (const r of rows) index.set(r.id, r);
  const app = {
    fleet: {
      clusters: new Map([["prod", {}]]),
      index,
      rows: () => rows,
      clusterSummaries: () => [makeCluster({ name: "prod" })],
      awsAccounts: () => [],
    },
    live: { lastId: "ep1-42" },
    visibility: new FunctionVisibility(review),
    config: { authMode, proxy: { secret: SECRET, secretHeader: "x-ack-fleet-proxy-secret", username: "user" } },
  };
  return app as unknown as Pick<ServerApp, "fleet" | "live" | "visibility" | "config">;
}

const rows = [
  ...Array.from({ length: 150 }, (_, i) => makeRow({ cluster: "prod", namespace: "team-a", name: `a-${String(i).padStart(3, "0")}` })),
  ...Array.from({ length: 150 }, (_, i) => makeRow({ cluster: "prod", namespace: "team-b", name: `b-${String(i).padStart(3, "0")}`, health: i === 0 ? "stuck" : "healthy" })),
];

describe("firstPageFor", () => {
  it("gives a person who may list one namespace only that namespace's rows, counted alone", async () => {
    const first = await firstPageFor(person("carol"), appWith(rows, "proxy"));
    const page = FunctionListResponseSchema.parse(first?.page);
    expect(page.items).toHaveLength(SERVER_RENDERED_ROWS);
    expect(page.items.every((r) => r.namespace === "team-a")).toBe(true);
    expect(page.total).toBe(150);
    expect(page.nextCursor).toBeTruthy();
    expect(page.version).toBe("ep1-42");
  });

  it("gives a person who may list everything the first page of every row, worst health first, with the cursor on", async () => {
    const first = await firstPageFor(person("viewer"), appWith(rows, "proxy"));
    const page = FunctionListResponseSchema.parse(first?.page);
    // A screen's rows, not the browser's first page: each row is ~1.7 KB of the HTML's payload.
    expect(page.items).toHaveLength(50);
    expect(SERVER_RENDERED_ROWS).toBeLessThan(FIRST_PAGE_ROWS);
    expect(page.items[0].name).toBe("b-000");
    expect(page.total).toBe(300);
    expect(page.nextCursor).toBeTruthy();
    expect(page.version).toBe("ep1-42");
    expect(first?.renderedAt).toBeGreaterThan(0);
  });

  it("gives nothing to a request the proxy did not vouch for (the browser's own request then gets the 401)", async () => {
    expect(await firstPageFor(new Headers(), appWith(rows, "proxy"))).toBeNull();
    const forged = person("viewer");
    forged.set("x-ack-fleet-proxy-secret", "not-the-secret-0123456789abcdefghijkl");
    expect(await firstPageFor(forged, appWith(rows, "proxy"))).toBeNull();
  });

  it("in local mode gives the operator's view, as the list route does (the request gate keeps out what is not from this machine)", async () => {
    const first = await firstPageFor(new Headers({ host: "127.0.0.1:3000" }), appWith(rows, "local"));
    expect(first?.page.items).toHaveLength(SERVER_RENDERED_ROWS);
    expect(first?.page.total).toBe(300);
  });
});

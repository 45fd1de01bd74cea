/**
 * The overview and the audit log as CSV and JSON downloads, through the real route handlers on
 * the simulated fleet: every row the filters select (no page limit), in the overview's order,
 * and every audit entry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OVERVIEW_COLUMNS, AUDIT_COLUMNS } from "@/lib/domain/export/csv";
import type { FunctionRow } from "@/lib/domain/wire/fleet";
import type { AuditEntry } from "@/lib/domain/wire/audit";
import type { ServerApp } from "@/lib/server/app";
import type { SimFleet } from "@/sim/fleet";
import { startDashboardOnSim, stopDashboardOnSim } from "@/test/dashboard-on-sim";
import { until } from "@/test/until";

let sim: SimFleet;
let dir: string;
let app: ServerApp;
let functionsExport: (req: Request) => Promise<Response>;
let auditExport: (req: Request) => Promise<Response>;

const get = (route: (req: Request) => Promise<Response>, query: string) => route(new Request(`http://127.0.0.1:3000/x${query}`, { headers: { host: "127.0.0.1:3000" } }));

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") record.push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      (record = []), (field = ""), i++;
    } else field += c;
  }
  return records;
}

beforeAll(async () => {
  ({ sim, dir, app } = await startDashboardOnSim({ prefix: "export-tables", env: {} }));
  ({ GET: functionsExport } = await import("./functions/route"));
  ({ GET: auditExport } = await import("./audit/route"));
  await until("the fleet listed", () => app.fleet.rows().length === 150, 60_000);
}, 90_000);

afterAll(() => stopDashboardOnSim(app, sim, dir));

describe("GET /api/export/functions", () => {
  it("CSV: a header and one line per Function, every Function, the worst first", async () => {
    const res = await get(functionsExport, "?format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="ack-lambda-functions-\d{8}T\d{6}Z\.csv"$/);
    const [header, ...lines] = parseCsv(await res.text());
    expect(header).toEqual([...OVERVIEW_COLUMNS]);
    expect(lines).toHaveLength(app.fleet.rows().length);
    expect(lines[0][3]).not.toBe("healthy");
    for (const l of lines) expect(l).toHaveLength(OVERVIEW_COLUMNS.length);
  });

  it("JSON: the rows the filters select, as the list API gives them", async () => {
    const res = await get(functionsExport, "?format=json&cluster=prod-us&health=deletion-blocked,stuck&sort=name");
    expect(res.headers.get("content-type")).toBe("application/json");
    const rows = (await res.json()) as FunctionRow[];
    const expected = app.fleet.rows().filter((r) => r.cluster === "prod-us" && ["deletion-blocked", "stuck"].includes(r.verdict.health));
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(rows.map((r) => r.name)).toEqual([...rows.map((r) => r.name)].sort());
  });

  it.each([
    ["?format=xml", "format is csv or json"],
    ["?limit=10", "limit does not apply"],
    ["?health=fine", "invalid health"],
  ])("refuses %s", async (query, message) => {
    const res = await get(functionsExport, query);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(message);
  });
});

describe("GET /api/export/audit", () => {
  it("streams every entry (as CSV and JSON), newest first, filtered", async () => {
    for (let i = 0; i < 40; i++) {
      app.stores.audit.append({
        requestId: `r${i}`,
        phase: "attempt",
        actor: { user: i % 2 ? "alice" : "bob", groups: ["ops"] },
        cluster: "prod-us",
        namespace: "checkout",
        name: `fn-${i}`,
        uid: null,
        action: "remove-finalizer",
        reason: i === 3 ? '=cmd|" /C calc"!A0' : `reason ${i}`,
        preconditions: { resourceVersion: String(i) },
        dryRun: null,
        outcome: null,
        error: null,
        status: null,
      });
    }
    const json = (await (await get(auditExport, "?format=json&user=alice")).json()) as AuditEntry[];
    expect(json.map((e) => e.name)).toEqual((await app.stores.audit.list({ user: "alice", limit: 1000 })).map((e) => e.name));
    expect(json).toHaveLength(20);
    const [header, ...lines] = parseCsv(await (await get(auditExport, "")).text());
    expect(header).toEqual([...AUDIT_COLUMNS]);
    expect(lines).toHaveLength((await app.stores.audit.list({ limit: 10_000 })).length);
    // A formula in a reason is written as text.
    expect(lines.find((l) => l[7] === "fn-3")![10]).toBe(`'=cmd|" /C calc"!A0`);
  });

  it("refuses a bad filter", async () => {
    expect((await get(auditExport, "?since=yesterday")).status).toBe(400);
    expect((await get(auditExport, "?limit=5")).status).toBe(400);
  });
});

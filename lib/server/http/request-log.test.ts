/**
 * The request log of handle(): one line per API request with its id, method, path, status and
 * duration, the id sent back as X-Request-Id; JSON or text; no credential in any line.
 */
import { afterEach, describe, expect, it } from "vitest";
import { PROXY_SECRET, proxyHeaders } from "@/test/http-requests";
import type { ServerApp } from "../app";
import { parseConfig } from "../config";
import { installServerApp } from "../holder";
import { configureLog, logAudit } from "../log";
import { HttpError } from "./errors";
import { handle } from "./respond";

let lines: string[] = [];
const restore = configureLog({});
const capture = (format: "json" | "text") => {
  lines = [];
  configureLog({ format, write: (l) => lines.push(l) });
};
afterEach(() => {
  configureLog(restore);
  installServerApp(null);
});
const withConfig = (env: Record<string, string>) => installServerApp({ config: parseConfig(env) } as unknown as ServerApp);

describe("handle()'s request log", () => {
  it("logs one JSON line per request with its id, and answers with the id", async () => {
    capture("json");
    const route = handle(async (_req: Request) => new Response("{}", { status: 200 }));
    const res = await route(new Request("http://127.0.0.1/api/functions?q=token=abc", { headers: { "x-request-id": "req-0123456789" } }));
    expect(res.headers.get("x-request-id")).toBe("req-0123456789");
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(line).toMatchObject({ level: "info", msg: "request", requestId: "req-0123456789", method: "GET", path: "/api/functions", status: 200 });
    expect(typeof line.durationMs).toBe("number");
    expect(lines[0]).not.toContain("abc");
  });

  it("names the user the request proves, never a credential: the proxy's signed-in user, or the local operator", async () => {
    capture("json");
    const route = handle(async (_req: Request) => new Response("{}"));
    const userOf = async (headers: Record<string, string>) => {
      lines = [];
      await route(new Request("http://127.0.0.1:3000/api/functions", { headers: { host: "127.0.0.1:3000", authorization: "Bearer eyJhbGciOiJSUzI1NiJ9.secret-part", ...headers } }));
      return (JSON.parse(lines[0]) as { user?: string }).user;
    };
    withConfig({ ACK_FLEET_AUTH_MODE: "proxy", ACK_FLEET_PROXY_SECRET: PROXY_SECRET });
    expect(await userOf(proxyHeaders({ user: "alice@ops.example", groups: ["platform-operators"] }))).toBe("alice@ops.example");
    // Without the proxy's secret (or with a wrong one) the claimed name is no one's.
    expect(await userOf(proxyHeaders({ user: "mallory@ops.example", groups: [], secret: null }))).toBeUndefined();
    expect(await userOf(proxyHeaders({ user: "mallory@ops.example", groups: [], secret: "wrong-secret-0123456789abcdef" }))).toBeUndefined();
    withConfig({});
    expect(await userOf({})).toBe("local operator");
    // Forwarded from elsewhere: refused in local mode, so no one.
    expect(await userOf({ "x-forwarded-for": "203.0.113.9" })).toBeUndefined();
    const all = lines.join("\n");
    for (const secret of [PROXY_SECRET, "secret-part", "wrong-secret"]) expect(all).not.toContain(secret);
  });

  it("makes a new id when the caller's is missing or not a plain token", async () => {
    capture("json");
    const route = handle(async (_req: Request) => new Response("{}"));
    const a = await route(new Request("http://127.0.0.1/api/me", { headers: { "x-request-id": "bad id\u0007with spaces" } }));
    const b = await route(new Request("http://127.0.0.1/api/me"));
    for (const res of [a, b]) expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers.get("x-request-id")).not.toBe(b.headers.get("x-request-id"));
  });

  it("logs errors with their status, and an unexpected one without its credentials", async () => {
    capture("text");
    await handle(async (_req: Request) => {
      throw new HttpError(404, "not_found", "no Function");
    })(new Request("http://127.0.0.1/api/functions/a/b/c"));
    const res = await handle(async (_req: Request) => {
      throw new Error("upstream said 401 for Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.secret-part");
    })(new Request("http://127.0.0.1/api/stream"));
    expect(res.status).toBe(500);
    expect(lines[0]).toMatch(/ INFO request requestId=\S+ method=GET path=\/api\/functions\/a\/b\/c status=404 durationMs=/);
    expect(lines.some((l) => / ERROR unexpected error .*Bearer \[redacted\]/.test(l))).toBe(true);
    expect(lines.join("\n")).not.toContain("secret-part");
  });

  it("logs every audit entry, redacted", () => {
    capture("json");
    logAudit({
      id: "1",
      at: new Date().toISOString(),
      requestId: "r1",
      phase: "outcome",
      actor: { user: "alice", groups: ["ops"] },
      cluster: "prod",
      namespace: "team-a",
      name: "orders",
      uid: null,
      action: "remove-finalizer",
      reason: "stuck since Monday; password=hunter2",
      preconditions: {},
      dryRun: null,
      outcome: "succeeded",
      error: null,
      status: 200,
    });
    expect(JSON.parse(lines[0])).toMatchObject({ msg: "audit", requestId: "r1", user: "alice", action: "remove-finalizer", cluster: "prod", namespace: "team-a", name: "orders", outcome: "succeeded", status: 200 });
    expect(lines[0]).not.toContain("hunter2");
  });
});

/**
 * A small control API over the simulated fleet, for end-to-end tests that need an outage
 * or throttling while the dashboard runs in another process. Loopback only.
 *   POST /clusters/{name}/stop   POST /clusters/{name}/start
 *   POST /aws/throttle {getFunctionPerSec}   POST /aws/access-denied {accountId, denied}
 *   GET /aws/requests?windowMs=1000 (what the Lambda API was asked, per account and region)
 *   POST /aws/requests/reset
 */
import http from "node:http";
import type { SimFleet } from "../sim/fleet";

async function body(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startControlServer(fleet: SimFleet, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const send = (status: number, obj: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(obj));
    };
    try {
      const parts = (req.url ?? "").split("?")[0].split("/").filter(Boolean).map(decodeURIComponent);
      if (req.method === "GET" && parts.join("/") === "aws/requests") {
        const windowMs = Number(new URL(req.url ?? "", "http://control.invalid").searchParams.get("windowMs") ?? 1000);
        return send(200, fleet.lambda.requestSummary(Number.isFinite(windowMs) && windowMs > 0 ? windowMs : 1000));
      }
      if (req.method !== "POST") return send(405, { error: "POST only" });
      if (parts.join("/") === "aws/requests/reset") {
        fleet.lambda.resetCounts();
        return send(200, { ok: true });
      }
      const b = await body(req);
      if (parts[0] === "clusters" && parts.length === 3) {
        if (parts[2] === "stop") await fleet.stopCluster(parts[1]);
        else if (parts[2] === "start") await fleet.startCluster(parts[1]);
        else return send(404, { error: "unknown action" });
        return send(200, { ok: true });
      }
      if (parts[0] === "aws" && parts[1] === "throttle") {
        fleet.lambda.setRateLimits({ getFunctionPerSec: Number(b.getFunctionPerSec ?? 100) });
        return send(200, { ok: true });
      }
      if (parts[0] === "aws" && parts[1] === "access-denied") {
        fleet.lambda.setAccessDenied(String(b.accountId), Boolean(b.denied));
        return send(200, { ok: true });
      }
      return send(404, { error: "not found" });
    } catch (err) {
      send(500, { error: (err as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const addr = server.address();
  const actual = typeof addr === "object" && addr ? addr.port : port;
  return {
    url: `http://127.0.0.1:${actual}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A small control API over the simulated fleet, for end-to-end tests that need an outage,
 * throttling or a changed Function while the dashboard runs in another process. Loopback only.
 *   POST /clusters/{name}/stop   POST /clusters/{name}/start
 *   POST /aws/throttle {getFunctionPerSec}   POST /aws/access-denied {accountId, denied}
 *   POST /functions/{cluster}/{namespace}/{name}/condition {type, status, reason?, message?}
 *     sets one status condition as a controller would (status null: removes it), through the
 *     simulated API server, so the dashboard sees it on its watch.
 *   POST /clusters/{name}/outage {namespace, count, prefix}: `count` deletion-blocked Functions
 *     (the v1.7.3 Pending bug, sim/scenarios/outage.ts) appear in that namespace, AWS side too.
 *   GET /aws/requests?windowMs=1000 (what the Lambda API was asked, per account and region)
 *   POST /aws/requests/reset
 */
import http from "node:http";
import type { SimFleet } from "../sim/fleet";
import type { KubeObject } from "../sim/kube/server";
import { FN_RESOURCE } from "../sim/kube/testkit";
import { outageFunctions } from "../sim/scenarios/outage";

type Condition = { type: string; status: string; reason?: string; message?: string; lastTransitionTime: string };

function setCondition(fleet: SimFleet, cluster: string, namespace: string, name: string, b: Record<string, unknown>): boolean {
  const kube = fleet.clusters.find((c) => c.name === cluster)?.kube;
  const obj = kube?.store.get(FN_RESOURCE, namespace, name) as { status?: { conditions?: Condition[] } } | undefined;
  if (!kube || !obj || typeof b.type !== "string") return false;
  const others = (obj.status?.conditions ?? []).filter((c) => c.type !== b.type);
  const set: Condition[] =
    typeof b.status === "string"
      ? [{ type: b.type, status: b.status, reason: typeof b.reason === "string" ? b.reason : undefined, message: typeof b.message === "string" ? b.message : undefined, lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, "Z") }]
      : [];
  kube.store.put({ ...obj, status: { ...obj.status, conditions: [...others, ...set] } } as never);
  return true;
}

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
      if (parts[0] === "clusters" && parts.length === 3 && parts[2] === "outage") {
        const kube = fleet.clusters.find((c) => c.name === parts[1])?.kube;
        if (!kube) return send(404, { error: "no such cluster" });
        const fns = outageFunctions({ cluster: parts[1], namespace: String(b.namespace), count: Number(b.count), prefix: String(b.prefix ?? "outage"), now: Date.now() });
        for (const f of fns) {
          if (f.aws) fleet.lambda.seedFunction(f.aws.accountId, f.aws.region, f.aws.config, { tags: f.aws.tags, force: f.aws.force, pendingMs: f.aws.pendingMs });
          kube.store.put(f.object as unknown as KubeObject);
        }
        return send(200, { names: fns.map((f) => f.object.metadata.name) });
      }
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
      if (parts[0] === "functions" && parts.length === 5 && parts[4] === "condition") {
        return setCondition(fleet, parts[1], parts[2], parts[3], b) ? send(200, { ok: true }) : send(404, { error: "no such Function" });
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

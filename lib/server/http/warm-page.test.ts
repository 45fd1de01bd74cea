/**
 * The overview's warm-up (./warm-page.ts): a real page request from the process to its own
 * listener (a plain node:http server here, standing for Next.js's), the proxy's secret in proxy
 * mode and never an identity, and asked once, only after every cluster's first list.
 */
import http from "node:http";
import type net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { FleetEvent, FleetListener } from "../fleet/events";
import { loopbackOf, warmAfterFirstLists, warmOverviewAfterFirstLists, warmPage, WARMING_AGENT } from "./warm-page";

const SECRET = "warm-page-secret-0123456789abcdefghijkl";
const proxyConfig = { authMode: "proxy" as const, proxy: { secret: SECRET, secretHeader: "x-ack-fleet-proxy-secret", username: "user" as const } };
const localConfig = { authMode: "local" as const, proxy: { secret: null, secretHeader: "x-ack-fleet-proxy-secret", username: "user" as const } };

const servers: http.Server[] = [];
async function pageServer(host: string): Promise<{ server: http.Server; asked: http.IncomingHttpHeaders[]; paths: string[] }> {
  const asked: http.IncomingHttpHeaders[] = [];
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    asked.push(req.headers);
    paths.push(req.url ?? "");
    res.writeHead(200, { "content-type": "text/html" }).end("<html>".padEnd(100_000, "x"));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, host, () => r()));
  return { server, asked, paths };
}

/** A fleet of two clusters, both connecting, whose events the test emits. */
function fakeFleet() {
  const listeners = new Set<FleetListener>();
  const clusters = new Map([
    ["a", { state: { error: "connecting" as string | null } }],
    ["b", { state: { error: "connecting" as string | null } }],
  ]);
  return {
    clusters,
    subscribe: (fn: FleetListener) => (listeners.add(fn), () => listeners.delete(fn)),
    emit: (e: FleetEvent) => listeners.forEach((l) => l(e)),
    listeners,
  };
}
const listed = (cluster: string) => ({ type: "listed", cluster, ids: [], uids: [], rejectedIds: [] }) as FleetEvent;

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe("warmPage", () => {
  it("asks the page of its own listener as a browser would, reads it whole, and says how it was answered", async () => {
    const { server, asked, paths } = await pageServer("127.0.0.1");
    expect(await warmPage(server, "/", localConfig)).toBe(200);
    expect(paths).toEqual(["/"]);
    expect(asked[0].accept).toBe("text/html");
    expect(asked[0]["user-agent"]).toBe(WARMING_AGENT);
    expect(asked[0]["x-ack-fleet-proxy-secret"]).toBeUndefined();
  });

  it("in proxy mode carries the proxy's secret, and no identity (the page then renders without rows)", async () => {
    const { server, asked } = await pageServer("127.0.0.1");
    expect(await warmPage(server, "/", proxyConfig)).toBe(200);
    expect(asked[0]["x-ack-fleet-proxy-secret"]).toBe(SECRET);
    expect(asked[0]["x-forwarded-user"]).toBeUndefined();
    expect(asked[0]["x-forwarded-email"]).toBeUndefined();
  });

  it("reaches a listener on every address through loopback, and resolves null (never rejects) when nothing answers", async () => {
    const { server, paths } = await pageServer("0.0.0.0");
    expect(loopbackOf(server)).toEqual({ host: "127.0.0.1", port: (server.address() as net.AddressInfo).port });
    expect(await warmPage(server, "/", localConfig)).toBe(200);
    expect(paths).toEqual(["/"]);
    await new Promise((r) => server.close(r));
    expect(await warmPage(server, "/", localConfig)).toBeNull();
  });
});

describe("warmAfterFirstLists", () => {
  it("warms once, the delay after the last cluster's first list, never while a list is still coming", () => {
    vi.useFakeTimers();
    const fleet = fakeFleet();
    const warm = vi.fn();
    warmAfterFirstLists(fleet, { delayMs: 500, capMs: 30_000 }, warm);
    fleet.emit(listed("a"));
    vi.advanceTimersByTime(5_000);
    expect(warm).not.toHaveBeenCalled();
    fleet.emit(listed("b"));
    vi.advanceTimersByTime(499);
    expect(warm).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(warm).toHaveBeenCalledTimes(1);
    fleet.emit(listed("a"));
    vi.advanceTimersByTime(60_000);
    expect(warm).toHaveBeenCalledTimes(1);
    expect(fleet.listeners.size).toBe(0);
  });

  it("does not warm once cancelled (the server stopping)", () => {
    vi.useFakeTimers();
    const fleet = fakeFleet();
    const warm = vi.fn();
    const cancel = warmAfterFirstLists(fleet, { delayMs: 500, capMs: 30_000 }, warm);
    fleet.emit(listed("a"));
    fleet.emit(listed("b"));
    cancel();
    vi.advanceTimersByTime(60_000);
    expect(warm).not.toHaveBeenCalled();
  });
});

describe("warmOverviewAfterFirstLists", () => {
  it("asks `/` of the listener on the configured port once the first lists are in, and not while draining", async () => {
    const { server, paths } = await pageServer("127.0.0.1");
    const port = (server.address() as net.AddressInfo).port;
    const other = await pageServer("127.0.0.1");
    const saved = process.env.PORT;
    delete process.env.PORT;
    try {
      const fleet = fakeFleet();
      const app = { fleet, config: { ...localConfig, listen: { port } }, draining: false };
      warmOverviewAfterFirstLists(app as never, () => [other.server, server], { delayMs: 10, capMs: 5_000 });
      await new Promise((r) => setTimeout(r, 100));
      expect(paths).toEqual([]);
      fleet.emit(listed("a"));
      fleet.emit(listed("b"));
      await vi.waitFor(() => expect(paths).toEqual(["/"]), { timeout: 5_000 });
      expect(other.paths).toEqual([]);

      const draining = { fleet: fakeFleet(), config: app.config, draining: true };
      warmOverviewAfterFirstLists(draining as never, () => [server], { delayMs: 10, capMs: 5_000 });
      draining.fleet.emit(listed("a"));
      draining.fleet.emit(listed("b"));
      await new Promise((r) => setTimeout(r, 200));
      expect(paths).toEqual(["/"]);
    } finally {
      if (saved !== undefined) process.env.PORT = saved;
    }
  });
});

import "server-only";
import http from "node:http";
import type net from "node:net";
import { afterFirstLists, type FirstListsSource } from "../after-first-lists";
import type { ServerApp } from "../app";
import type { ServerConfig } from "../config";
import { logEvent } from "../log";
import { listeningServers } from "./listeners";

/** The User-Agent of the warming request (it shows so in any log of page requests). */
export const WARMING_AGENT = "ack-lambda-fleet/warm-up (the overview's module, before its first user)";

/** Where this process reaches `server`: its own address, or loopback when it listens on every address. */
export function loopbackOf(server: net.Server): { host: string; port: number } | null {
  const addr = server.address();
  if (!addr || typeof addr !== "object") return null;
  const any = addr.address === "0.0.0.0" || addr.address === "::";
  const host = any ? (addr.family === "IPv6" && addr.address === "::" ? "::1" : "127.0.0.1") : addr.address;
  return { host, port: addr.port };
}

/**
 * One GET of `path` as a browser asks for a page, from this process to its own listener, the
 * body read and dropped. What it is for: Next.js loads a page's module on the page's first
 * request (next.config.js has experimental.preloadEntriesOnStart off, so that the start is not
 * held back by every page's module); at 50,000 Functions the overview's took ~0.4-0.5 s of the
 * one event loop, and its first render more, inside the first person's time to the HTML.
 * In proxy mode the request carries the proxy's secret (it goes over loopback to this very
 * process, never out) but no identity: the page renders without rows (first-page.ts). Resolves
 * with the status, or null when it could not be asked (never rejects).
 */
export function warmPage(server: net.Server, path: string, config: Pick<ServerConfig, "authMode" | "proxy">, timeoutMs = 60_000): Promise<number | null> {
  const to = loopbackOf(server);
  if (!to) return Promise.resolve(null);
  const headers: Record<string, string> = { accept: "text/html", "user-agent": WARMING_AGENT };
  if (config.authMode === "proxy" && config.proxy.secret) headers[config.proxy.secretHeader] = config.proxy.secret;
  return new Promise((resolve) => {
    const req = http.get({ host: to.host, port: to.port, path, headers, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.once("end", () => resolve(res.statusCode ?? null));
      res.once("error", () => resolve(null));
    });
    req.once("timeout", () => req.destroy());
    req.once("error", () => resolve(null));
  });
}

/**
 * Calls `warm` once, `delayMs` after every cluster's first list answered (or failed; at most
 * `capMs` after the call, as the AWS reads start: ../after-first-lists.ts). Not sooner: at
 * start the lists need the loop (loading every page's module then held them back by its own
 * length at 10,000 Functions), and cold start ends when they are in. Returns a cancel.
 */
export function warmAfterFirstLists(fleet: FirstListsSource, o: { delayMs: number; capMs: number }, warm: () => void): () => void {
  let timer: NodeJS.Timeout | null = null;
  const cancelWait = afterFirstLists(fleet, o.capMs, () => {
    timer = setTimeout(warm, o.delayMs);
    timer.unref?.();
  });
  return () => {
    cancelWait();
    if (timer) clearTimeout(timer);
  };
}

/**
 * The overview's warm-up at start (instrumentation.ts): `/` asked once, 2 s after the first
 * lists. Cold start ends about when the last list is in (every row counted, every cluster
 * connected: bench/fleet/dashboard-probe.ts); the module's load is one synchronous stretch of
 * ~0.3-0.5 s, which inside that moment would add to it (at 10,000 Functions it is met by
 * ~0.2 s), so it waits for the first requests after the lists to be answered.
 */
export function warmOverviewAfterFirstLists(
  app: Pick<ServerApp, "fleet" | "config" | "draining">,
  servers: () => net.Server[] = listeningServers,
  o: { delayMs: number; capMs: number } = { delayMs: 2_000, capMs: 30_000 },
): () => void {
  const port = Number(process.env.PORT ?? app.config.listen.port);
  const deadline = Date.now() + o.capMs;
  const attempt = () => {
    if (app.draining) return;
    const server = servers().find((s) => (s.address() as net.AddressInfo | null)?.port === port);
    // A small fleet may be listed before Next.js listens: asked again until it does.
    if (!server) return void (Date.now() < deadline && setTimeout(attempt, 100).unref());
    const started = performance.now();
    void warmPage(server, "/", app.config).then((status) => logEvent("info", "overview page warmed", { status, ms: Math.round(performance.now() - started) }));
  };
  return warmAfterFirstLists(app.fleet, o, attempt);
}

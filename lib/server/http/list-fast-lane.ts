import "server-only";
import http, { Server as HttpServer } from "node:http";
import type net from "node:net";
import { NEXT_ROUTER_PREFETCH_HEADER, NEXT_ROUTER_SEGMENT_PREFETCH_HEADER, NEXT_ROUTER_STATE_TREE_HEADER, RSC_HEADER } from "next/dist/client/components/app-router-headers";
import { gateRequest } from "../auth/request-gate";
import type { ServerConfig } from "../config";
import { installedApp, processConfig } from "../holder";
import { logEvent } from "../log";
import { taggedHead } from "./cached-body";
import { tapConnection } from "./request-tap";
import { responsePolicy } from "./csp";
import { nodeHeaderView, type HeaderReader, type RequestView } from "./header-view";
import { readFunctionList } from "./function-list";
import { listeningServers } from "./listeners";
import { apiRequestStarted } from "./respond";
import securityHeaders from "./security-headers.json";

/**
 * The list fast lane: `GET`/`HEAD /api/functions` list reads of a reader who sees every
 * Function, answered in front of Next.js's request handler, in the same process.
 *
 * Why: such an answer is kept per version of the rows (lib/server/fleet/list-answer.ts) and
 * costs the route ~0.3-1.4 ms, but through Next.js each request also pays the router, proxy.ts,
 * web streams, the Response → node copy of an ~800 KB body and a fresh gzip of it: under 32
 * clients on one event loop that made p99 several hundred ms. Next.js 16 offers no hook before
 * its request handler, and a route handler cannot send a body it encoded itself (Next drops its
 * Content-Encoding: next/dist/server/send-response.js, FORBIDDEN_HEADERS).
 *
 * How: the standalone server (next/dist/server/lib/start-server.js) creates its http.Server
 * with its handler as the 'request' listener and keeps it to itself. Once the app is booted,
 * installListFastLane takes that server's 'request' listeners and puts one in front that
 * answers what the lane serves and hands everything else to them, untouched, in the same tick.
 *
 * The answer is the route's, made by the very same code: the request gate (request-gate.ts)
 * as proxy.ts asks it, readFunctionList (./function-list.ts), taggedHead (ETag, 304,
 * Cache-Control), apiRequestStarted (request id, in flight, log line, duration metric: what
 * handle() does), the security headers next.config.js sends (./security-headers.json) and a
 * Content-Security-Policy with its own nonce (./csp.ts). What the lane would not answer 200 or
 * 304 (a gate refusal, draining, a bad query, a reader who sees less, `?since=`, a client that
 * asks for deflate but not gzip) it passes to Next.js, which answers as it always did. What
 * differs: the body is sent with Content-Length rather than chunked, gzip is the answer's kept
 * gzip (made once per version) rather than a fresh one, and `Server-Timing: lane` says which
 * way it went.
 */
export const LANE_TIMING = 'lane;desc="list"';

const LIST_PATH = "/api/functions";

/**
 * The Vary of every answer of Next.js's server: its router's request headers
 * (next/dist/server/base-server.js, setVaryHeader, from Next's own constants), then
 * Accept-Encoding, which its compression appends to every compressible answer.
 */
const VARY = `${RSC_HEADER}, ${NEXT_ROUTER_STATE_TREE_HEADER}, ${NEXT_ROUTER_PREFETCH_HEADER}, ${NEXT_ROUTER_SEGMENT_PREFETCH_HEADER}, Accept-Encoding`;
const INSTALLED = Symbol.for("ack-lambda-fleet.list-fast-lane");

type RequestListener = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/**
 * Puts the lane in front of `server`'s 'request' listeners; once per server (a second call
 * changes nothing). Returns whether it was installed now. Every request first goes through the
 * request tap (./request-tap.ts: the connection's facts in their header); with `lane` false
 * (ACK_FLEET_LIST_FAST_LANE=off) that is all the listener does.
 */
export function installListFastLane(server: http.Server, config: Pick<ServerConfig, "listen"> = processConfig(), lane = true): boolean {
  const marked = server as http.Server & { [INSTALLED]?: true };
  if (marked[INSTALLED]) return false;
  marked[INSTALLED] = true;
  const next = server.listeners("request") as RequestListener[];
  server.removeAllListeners("request");
  const passOn = (req: http.IncomingMessage, res: http.ServerResponse) => {
    for (const l of next) l.call(server, req, res);
  };
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    tapConnection(req);
    if (isPageRender(req)) countPage(res);
    if (!lane || !isListRead(req)) return passOn(req, res);
    serveList(req, res, server, config).then(
      (served) => {
        if (!served) passOn(req, res);
      },
      (err: unknown) => {
        // Only before anything was written (serveList writes last, synchronously): Next.js answers it.
        logEvent("error", "list fast lane failed; passed on", { error: err instanceof Error ? err.message : String(err) });
        if (!res.headersSent) passOn(req, res);
        else res.destroy();
      },
    );
  });
  return true;
}

/** A page of the app (its HTML or its RSC payload): not the API, not a build asset, not a file. */
export function isPageRender(req: Pick<http.IncomingMessage, "method" | "url">): boolean {
  if (req.method !== "GET") return false;
  const path = (req.url ?? "").split("?")[0];
  return path.startsWith("/") && !path.startsWith("/api/") && !path.startsWith("/_next/") && !path.includes(".");
}

/** Counted in the app's pages in flight until its response is done or its connection closed. */
function countPage(res: http.ServerResponse): void {
  const end = installedApp()?.pages.begin();
  if (end) res.once("close", end);
}

/** `GET`/`HEAD /api/functions` or `/api/functions?…`: the only requests the lane looks at further. */
function isListRead(req: http.IncomingMessage): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const url = req.url ?? "";
  return url === LIST_PATH || url.startsWith(`${LIST_PATH}?`);
}

/** Answers the request when the lane serves it (true); false leaves it, unread and unanswered, to Next.js. */
async function serveList(req: http.IncomingMessage, res: http.ServerResponse, server: http.Server, config: Pick<ServerConfig, "listen">): Promise<boolean> {
  const app = installedApp();
  if (!app) return false;
  const encoding = req.method === "HEAD" ? "identity" : encodingOf(req.headers["accept-encoding"]);
  if (encoding === "other") return false;
  const headers = headersAsNextSees(req, server, config);
  const gate = gateRequest({ path: LIST_PATH, method: req.method ?? "GET", headers, draining: app.draining }, processConfig());
  if (gate) return false;
  // The route reads the path and query of its URL only; the Host a client sent is in the headers
  // (never in the URL: a hostile one must not make the URL invalid). isListRead let only
  // `/api/functions` and `/api/functions?…` through: always a valid URL.
  const url = new URL(`http://localhost${req.url}`);
  const request: RequestView = { method: req.method ?? "GET", url: url.href, headers };
  const params = url.searchParams;
  if (params.has("since")) return false;
  const read = await readFunctionList(request, params, app).catch(() => null);
  if (read?.kind !== "kept") return false;
  const started = apiRequestStarted(request);
  const { status, headers: tagged } = taggedHead(headers.get("if-none-match"), read.answer);
  const body = status === 304 ? [] : encoding === "gzip" ? read.answer.gzip() : read.answer.json;
  const out: Record<string, string | number> = {};
  for (const h of securityHeaders) out[h.key] = h.value;
  Object.assign(out, tagged, {
    "Content-Security-Policy": responsePolicy(),
    Vary: VARY,
    "X-Request-Id": started.requestId,
    "Server-Timing": LANE_TIMING,
  });
  if (status === 200) {
    if (encoding === "gzip") out["Content-Encoding"] = "gzip";
    out["Content-Length"] = body.reduce((n, b) => n + b.byteLength, 0);
  }
  res.writeHead(status, out);
  if (req.method === "GET") for (const part of body) res.write(part);
  res.end();
  started.answered(status);
  return true;
}

/**
 * The request headers proxy.ts and the route see: Next.js fills the x-forwarded-* headers a
 * client did not send (next/dist/server/base-server.js, handleRequestImpl) before either runs.
 * A view (./header-view.ts), not a copy: the node request itself is left as it came, for Next.js.
 */
function headersAsNextSees(req: http.IncomingMessage, server: http.Server, config: Pick<ServerConfig, "listen">): HeaderReader {
  const port = String(portOf(server) ?? config.listen.port);
  // As the connection was when the request came (a socket closed since knows no address).
  const peer = req.socket.remoteAddress ?? null;
  const host = req.headers.host;
  return nodeHeaderView(req.headers, (name) => {
    if (name === "x-forwarded-host") return host ?? "localhost";
    if (name === "x-forwarded-port") return port;
    if (name === "x-forwarded-proto") return "http";
    if (name === "x-forwarded-for") return peer;
    return null;
  });
}

/**
 * The port the server listens on, asked of it once per listen (`server.address()` asks the
 * socket: ~0.06 ms a request in a profile of the list under 32 clients).
 */
const ports = new WeakMap<http.Server, number>();
function portOf(server: http.Server): number | undefined {
  const known = ports.get(server);
  if (known !== undefined) return known;
  const address = server.address();
  if (!address || typeof address !== "object") return undefined;
  ports.set(server, address.port);
  server.once("close", () => ports.delete(server));
  return address.port;
}

/**
 * gzip when the client accepts it (RFC 9110 §12.5.3: a q above 0 for gzip or `*`), plain when
 * it accepts neither gzip nor deflate; "other" (deflate but not gzip, anything odd) goes to
 * Next.js, whose compression (next/dist/compiled/compression: gzip before deflate, every size
 * of a streamed body, never for HEAD) would pick deflate.
 */
export function encodingOf(header: string | string[] | undefined): "gzip" | "identity" | "other" {
  if (header === undefined) return "identity";
  const value = Array.isArray(header) ? header.join(",") : header;
  const q = new Map<string, number>();
  for (const item of value.split(",")) {
    const [name, ...params] = item.trim().toLowerCase().split(";");
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const weight = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(weight)) return "other";
    q.set(name, weight);
  }
  const gzip = q.get("gzip") ?? q.get("*");
  if (gzip !== undefined && gzip > 0) return "gzip";
  if ((q.get("deflate") ?? q.get("*") ?? 0) > 0) return "other";
  return "identity";
}

/**
 * Installs the lane on Next.js's server: the listening http.Server on the port Next.js
 * listens on (start-server.js sets process.env.PORT to it once listening), never another
 * server of the process (a simulator or test server on another port; https servers are not
 * http.Servers). instrumentation.ts calls this after boot: the standalone server listens
 * before it loads the app, but should it not be found yet, it is looked for again every 100 ms
 * for 30 s. Not in development (`next dev` reloads the route's code; the lane's would be stale);
 * with ACK_FLEET_LIST_FAST_LANE=off the listener taps the connection and passes every request on.
 */
export function installListFastLanes(config: Pick<ServerConfig, "listen" | "listFastLane"> = processConfig(), servers: () => net.Server[] = listeningServers): void {
  if (process.env.NODE_ENV === "development") return;
  const deadline = Date.now() + 30_000;
  const attempt = () => {
    const port = Number(process.env.PORT ?? config.listen.port);
    const found = servers().filter((s): s is http.Server => s instanceof HttpServer && (s.address() as net.AddressInfo | null)?.port === port);
    for (const s of found) if (installListFastLane(s, config, config.listFastLane)) logEvent("info", config.listFastLane ? "list fast lane installed" : "request tap installed (list fast lane off)", { port });
    if (!found.length && Date.now() < deadline) setTimeout(attempt, 100).unref();
  };
  attempt();
}

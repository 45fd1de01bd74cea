import "server-only";
import http from "node:http";
import https from "node:https";
import tls from "node:tls";
import type { KubeConfig } from "@kubernetes/client-node";
import { redact } from "../redact";

/**
 * The one way this process talks HTTP to a Kubernetes API server. client-node's KubeConfig
 * supplies TLS material and the Authorization header (tokens, exec plugins, client certs);
 * we keep control of parsing (objects may be malformed), timeouts and streaming.
 */
export interface KubeRequest {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface KubeResponse {
  status: number;
  body: unknown;
}

export class KubeHttpError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly reason: string | null = null,
  ) {
    super(message);
    this.name = "KubeHttpError";
  }
}

function buildUrl(server: string, path: string, query: KubeRequest["query"]): URL {
  const base = server.replace(/\/+$/, "");
  const url = new URL(base + path);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}

/** What client-node copies from the request options into each agent it makes (KubeConfig.applyToHTTPSOptions). */
const AGENT_KEYS = ["ca", "cert", "key", "pfx", "passphrase", "rejectUnauthorized", "timeout", "servername", "ciphers", "honorCipherOrder", "ecdhCurve", "clientCertEngine", "crl", "dhparam", "secureOptions", "secureProtocol", "sessionIdContext"] as const;

/** Idle connections are closed after this (before a server's own idle timeout: kube-apiserver's, Go's default, is longer). */
const IDLE_SOCKET_MS = 5_000;

const keptAgents = new WeakMap<KubeConfig, { material: unknown[]; agent: http.Agent }>();

function sameMaterial(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i] || (Buffer.isBuffer(x) && Buffer.isBuffer(b[i]) && x.equals(b[i] as Buffer)));
}

/**
 * client-node makes a new agent for every request (KubeConfig.createAgent), so every request
 * opened a TLS connection of its own: a SecureContext and a handshake per page of a list, on
 * both sides (~100 per cluster at 50,000 Functions). The agent it made is swapped for one kept
 * per KubeConfig with keep-alive, as long as the TLS material is the same (credentials an exec
 * plugin rotates make a new one). The Authorization header is still applied per request. A
 * proxy agent (proxy-url) is left as client-node made it.
 */
function keptAgent(kc: KubeConfig, made: unknown): http.Agent | undefined {
  if (!(made instanceof http.Agent) || (made.constructor !== https.Agent && made.constructor !== http.Agent)) return undefined;
  const options = (made as http.Agent & { options: Record<string, unknown> }).options;
  const material = [made.constructor, ...AGENT_KEYS.map((k) => options[k])];
  const kept = keptAgents.get(kc);
  if (kept && sameMaterial(kept.material, material)) return kept.agent;
  // The previous agent is not destroyed: a watch open on it ends on its own; its idle sockets close after IDLE_SOCKET_MS.
  const tlsOptions = Object.fromEntries(AGENT_KEYS.filter((k) => options[k] !== undefined).map((k) => [k, options[k]])) as tls.SecureContextOptions & https.AgentOptions;
  const agent =
    made.constructor === https.Agent
      ? // One SecureContext for all its connections (tls.connect makes one per connection from
        // ca/cert/key otherwise, parsing the CA each time): idle sockets close after 5 s, so the
        // probes and controller polls open a connection every few seconds per cluster, and at
        // 50,000 Functions each held the event loop while pushes waited (profile, bench/fleet/tails-server.ts).
        new https.Agent({ ...tlsOptions, secureContext: tls.createSecureContext(tlsOptions), keepAlive: true, timeout: IDLE_SOCKET_MS })
      : new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
  keptAgents.set(kc, { material, agent });
  return agent;
}

const heardSockets = new WeakSet<object>();

/**
 * Node's HTTP client takes its error listener off a kept-alive socket when a response ends and
 * the pool's listener goes on only a tick later. A request aborted in that gap (a watch's
 * handler that stops the watch on the last line the server wrote) destroys the socket with an
 * AbortError that nobody hears, and Node throws it as an uncaught exception. Every socket a
 * request uses gets one listener of its own; the request still hears its errors through Node's.
 */
function hearSocketErrors(r: http.ClientRequest): void {
  r.on("socket", (socket) => {
    if (heardSockets.has(socket)) return;
    heardSockets.add(socket);
    socket.on("error", () => {});
  });
}

async function requestOptions(kc: KubeConfig, req: KubeRequest): Promise<{ url: URL; opts: https.RequestOptions }> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new KubeHttpError("kubeconfig has no current cluster", null);
  const url = buildUrl(cluster.server, req.path, req.query);
  const opts: https.RequestOptions = { method: req.method ?? "GET", headers: { Accept: "application/json", ...req.headers } };
  await kc.applyToHTTPSOptions(opts);
  const agent = keptAgent(kc, opts.agent);
  if (agent) opts.agent = agent;
  if (req.body !== undefined) {
    (opts.headers as Record<string, string>)["Content-Type"] = req.contentType ?? "application/json";
  }
  return { url, opts };
}

function describeNetworkError(err: NodeJS.ErrnoException, url: URL): string {
  const where = `${url.protocol}//${url.host}`;
  switch (err.code) {
    case "ECONNREFUSED":
      return `connection refused by ${where}`;
    case "ENOTFOUND":
      return `host not found: ${url.hostname}`;
    case "ECONNRESET":
      return `connection reset by ${where}`;
    case "ETIMEDOUT":
      return `timed out connecting to ${where}`;
    default:
      return redact(`${err.code ?? "error"} talking to ${where}: ${err.message}`);
  }
}

/** One request, JSON in and out. Never throws for HTTP statuses; throws KubeHttpError for network failures. */
export async function kubeRequest(kc: KubeConfig, req: KubeRequest): Promise<KubeResponse> {
  const { url, opts } = await requestOptions(kc, req);
  const lib = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const r = lib.request(url, { ...opts, signal: req.signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          /* not JSON: keep the text */
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on("error", (e) => reject(new KubeHttpError(describeNetworkError(e, url), null)));
    });
    hearSocketErrors(r);
    r.setTimeout(req.timeoutMs ?? 30_000, () => r.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })));
    r.on("error", (e: NodeJS.ErrnoException) => reject(new KubeHttpError(describeNetworkError(e, url), null)));
    if (req.body !== undefined) r.write(typeof req.body === "string" ? req.body : JSON.stringify(req.body));
    r.end();
  });
}

/** Message of a Kubernetes Status body, or a generic one. */
export function statusMessage(res: KubeResponse): string {
  const b = res.body as { message?: unknown; reason?: unknown } | null;
  const msg = b && typeof b.message === "string" ? b.message : typeof res.body === "string" ? res.body.slice(0, 300) : "";
  return redact(`HTTP ${res.status}${msg ? `: ${msg}` : ""}`);
}

export interface StreamHandle {
  /** Resolves when the stream ends (server closed, error, or abort). */
  done: Promise<{ error: KubeHttpError | null }>;
  abort(): void;
}

/**
 * A streaming GET (watch): calls onLine for every JSON line. The stream is considered dead
 * when nothing (not even a bookmark) arrives for idleTimeoutMs, so a half-open connection
 * to an unreachable cluster is noticed.
 */
export function kubeStream(
  kc: KubeConfig,
  req: KubeRequest & { idleTimeoutMs: number },
  onLine: (obj: unknown) => void,
  onOpen?: () => void,
): StreamHandle {
  const controller = new AbortController();
  const done = (async (): Promise<{ error: KubeHttpError | null }> => {
    const { url, opts } = await requestOptions(kc, req);
    const lib = url.protocol === "https:" ? https : http;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (error: KubeHttpError | null) => {
        if (settled) return;
        settled = true;
        controller.abort();
        resolve({ error });
      };
      const r = lib.request(url, { ...opts, signal: controller.signal }, (res) => {
        if (res.statusCode !== 200) {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            let body: unknown = Buffer.concat(chunks).toString("utf8");
            try {
              body = JSON.parse(body as string);
            } catch {
              /* keep text */
            }
            const status = res.statusCode ?? 0;
            finish(new KubeHttpError(statusMessage({ status, body }), status));
          });
          return;
        }
        onOpen?.();
        let buffer = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          r.setTimeout(req.idleTimeoutMs);
          buffer += chunk;
          let nl: number;
          while ((nl = buffer.indexOf("\n")) >= 0) {
            const line = buffer.slice(0, nl).trim();
            buffer = buffer.slice(nl + 1);
            if (!line) continue;
            try {
              onLine(JSON.parse(line));
            } catch {
              /* a malformed line is skipped, the stream goes on */
            }
          }
        });
        res.on("end", () => finish(null));
        res.on("error", (e: NodeJS.ErrnoException) => finish(settled ? null : new KubeHttpError(describeNetworkError(e, url), null)));
        res.on("close", () => finish(null));
      });
      hearSocketErrors(r);
      r.setTimeout(req.idleTimeoutMs, () =>
        r.destroy(Object.assign(new Error("no data from the watch"), { code: "ETIMEDOUT" })),
      );
      r.on("error", (e: NodeJS.ErrnoException) => {
        if (controller.signal.aborted && e.name === "AbortError") return finish(null);
        finish(new KubeHttpError(describeNetworkError(e, url), null));
      });
      r.end();
    });
  })();
  return { done, abort: () => controller.abort() };
}

/**
 * LambdaApiSim: an HTTP server that speaks the AWS Lambda REST-JSON API well enough for an
 * unmodified @aws-sdk/client-lambda v3 (set its `endpoint` to `sim.url`), per account and
 * region, plus direct model access for scenarios and tests (no HTTP, no throttling).
 *
 * Request pipeline: credentials (auth.ts) → route → access denied? → rate limit → body →
 * operation (operations.ts) → latency → response. Bad input never throws out of the handler:
 * every failure is a Lambda-shaped error response, an unexpected one a plain 500.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { parseFunctionName, type CallerScope } from "./arn";
import { callerFromAuthorization } from "./auth";
import { LambdaError, accessDenied, functionArn, internalFailure, invalidRequestContent, requestTooLarge, tooManyRequests, unknownOperation } from "./errors";
import { requireBodyObject } from "./input";
import { matchRoute, pathSegments, type RouteMatch } from "./routes";
import { FunctionStore, phaseEnd, snapshot } from "./store";
import { RequestLog, type RequestLogSummary } from "./request-log";
import { RateLimiter } from "./throttle";
import type { LambdaSimOptions, LifecycleDelays, RateLimits, SimLambdaFunction, StatePatch } from "./types";

/** CreateFunction's request limit for a direct upload (Lambda quotas: 70,167,211 bytes). */
export const MAX_REQUEST_BYTES = 70_167_211;

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface RawBody {
  text: string;
  tooLarge: boolean;
}

function readBody(req: http.IncomingMessage): Promise<RawBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    let ended = false;
    req.on("end", () => {
      ended = true;
      resolve({ text: tooLarge ? "" : Buffer.concat(chunks).toString("utf8"), tooLarge });
    });
    req.on("error", reject);
    // A client that goes away mid-body must not leave this promise pending forever.
    req.on("close", () => {
      if (!ended) reject(new Error("request closed before its body ended"));
    });
  });
}

/** The function a path label names (a name, a partial or a full ARN), as the log keys it. */
function functionNameOf(label: string | undefined): string | undefined {
  if (!label) return undefined;
  try {
    return parseFunctionName(label).name;
  } catch {
    return label;
  }
}

function errorReply(e: LambdaError): Reply {
  return { status: e.status, body: e.body(), headers: { "x-amzn-ErrorType": e.errorType, ...e.extraHeaders } };
}

export class LambdaApiSim {
  private server?: http.Server;
  private readonly host: string;
  private readonly requestedPort: number;
  private readonly accounts: Record<string, string>;
  private readonly store: FunctionStore;
  private readonly limiter: RateLimiter;
  private latencyMs: number;
  private readonly deniedAccounts = new Set<string>();
  private readonly counts = new Map<string, number>();
  private readonly throttled = new Map<string, number>();
  private readonly requestLog = new RequestLog();
  private readonly now: () => number;

  constructor(opts: LambdaSimOptions) {
    for (const accountId of Object.values(opts.accounts)) {
      if (!/^\d{12}$/.test(accountId)) throw new Error(`LambdaApiSim: account ids are 12 digits, got '${accountId}'`);
    }
    this.host = opts.host ?? "127.0.0.1";
    this.requestedPort = opts.port ?? 0;
    this.accounts = { ...opts.accounts };
    const now = opts.now ?? Date.now;
    this.now = now;
    this.store = new FunctionStore(now, {
      pendingMs: opts.defaultPendingMs ?? 2000,
      updateMs: opts.defaultUpdateMs ?? 0,
      deletingMs: opts.defaultDeletingMs ?? 0,
    });
    this.limiter = new RateLimiter(opts.rateLimits, now);
    this.latencyMs = opts.latencyMs ?? 0;
  }

  async start(): Promise<void> {
    if (this.server) throw new Error("LambdaApiSim already started");
    const server = http.createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.requestedPort, this.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections(); // SDK clients keep connections alive
    await closed;
  }

  get port(): number {
    const addr = this.server?.address() as AddressInfo | null | undefined;
    if (!addr) throw new Error("LambdaApiSim not started");
    return addr.port;
  }

  get url(): string {
    const host = this.host.includes(":") ? `[${this.host}]` : this.host;
    return `http://${host}:${this.port}`;
  }

  // ---- direct model access (no HTTP, no throttling, no latency) ----

  /**
   * Creates or replaces a function with the given fields; missing ones get the defaults of a
   * plain Active Zip function. A State given here stays until setState() or, for Pending, until
   * a pendingMs registered with setLifecycleDelays() has passed.
   */
  putFunction(accountId: string, region: string, fn: Partial<SimLambdaFunction> & { FunctionName: string }, tags?: Record<string, string>): SimLambdaFunction {
    return snapshot(this.insertFunction(accountId, region, fn, tags));
  }

  /**
   * Seeding many functions (scenarios): putFunction, then its lifecycle delays and forced state,
   * without handing back a copy of each.
   */
  seedFunction(accountId: string, region: string, fn: Partial<SimLambdaFunction> & { FunctionName: string }, opts: { tags?: Record<string, string>; force?: StatePatch; pendingMs?: number | null } = {}): void {
    if (opts.pendingMs !== undefined) this.setLifecycleDelays(accountId, region, fn.FunctionName, { pendingMs: opts.pendingMs });
    const rec = this.insertFunction(accountId, region, fn, opts.tags);
    if (opts.force) this.store.setState(rec, opts.force);
  }

  private insertFunction(accountId: string, region: string, fn: Partial<SimLambdaFunction> & { FunctionName: string }, tags?: Record<string, string>) {
    parseFunctionName(fn.FunctionName);
    const rec = this.store.build(accountId, region, { ...fn, Tags: { ...(fn.Tags ?? {}), ...(tags ?? {}) } });
    const delays = this.store.explicitDelays(accountId, region, fn.FunctionName);
    if (rec.config.State === "Pending" && delays?.pendingMs !== undefined) {
      rec.pendingUntil = phaseEnd(rec.pendingSince, delays.pendingMs);
    }
    this.store.insert(accountId, region, rec);
    return rec;
  }

  /** Forces state fields; forcing State / LastUpdateStatus cancels their timed transition. */
  setState(accountId: string, region: string, name: string, patch: StatePatch): void {
    const rec = this.store.get(accountId, region, name);
    if (!rec) throw new Error(`LambdaApiSim.setState: no function '${name}' in ${accountId}/${region}`);
    this.store.setState(rec, patch);
  }

  /** Per-function timing (also before CreateFunction): pendingMs null = stuck Pending forever. */
  setLifecycleDelays(accountId: string, region: string, name: string, delays: LifecycleDelays): void {
    this.store.setDelays(accountId, region, name, delays);
  }

  getFunction(accountId: string, region: string, name: string): SimLambdaFunction | undefined {
    const rec = this.store.get(accountId, region, name);
    return rec ? snapshot(rec) : undefined;
  }

  listFunctions(accountId: string, region: string): SimLambdaFunction[] {
    return this.store.list(accountId, region).map(snapshot);
  }

  /** Removes at once (no Deleting phase); false when there was nothing to remove. */
  deleteFunction(accountId: string, region: string, name: string): boolean {
    return this.store.remove(accountId, region, name);
  }

  setRateLimits(limits: RateLimits): void {
    this.limiter.setLimits(limits);
  }

  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  setAccessDenied(accountId: string, denied: boolean): void {
    if (denied) this.deniedAccounts.add(accountId);
    else this.deniedAccounts.delete(accountId);
  }

  /** Requests received per operation, throttled and failed ones included. */
  requestCounts(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  /** Requests answered with TooManyRequestsException, per operation. */
  throttledCounts(): Record<string, number> {
    return Object.fromEntries(this.throttled);
  }

  resetCounts(): void {
    this.counts.clear();
    this.throttled.clear();
    this.requestLog.clear();
  }

  /**
   * Per account and Region: requests per operation, the most in any sliding window of
   * `windowMs`, throttled ones, and the functions GetFunction read (request-log.ts).
   */
  requestSummary(windowMs = 1000): RequestLogSummary {
    return this.requestLog.summary(windowMs);
  }

  // ---- HTTP ----

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      let reply: Reply;
      try {
        const raw = await readBody(req);
        reply = this.dispatch(req, raw);
      } catch (e) {
        reply = errorReply(e instanceof LambdaError ? e : internalFailure());
      }
      if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
      this.send(res, reply);
    } catch {
      // Nothing sensible left to answer (the socket is gone); never let it reach the process.
      res.destroy();
    }
  }

  private dispatch(req: http.IncomingMessage, raw: RawBody): Reply {
    // Signatures are not verified; see auth.ts.
    const caller = callerFromAuthorization(req.headers.authorization, this.accounts);
    // Split by hand: new URL() would read a path starting with "//" as a host name.
    const target = req.url ?? "/";
    const q = target.indexOf("?");
    const pathname = q < 0 ? target : target.slice(0, q);
    const query = new URLSearchParams(q < 0 ? "" : target.slice(q + 1));
    const match = matchRoute(req.method ?? "GET", pathSegments(pathname));
    if (!match) throw unknownOperation();
    const { operation } = match.route;
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
    if (this.deniedAccounts.has(caller.accountId)) {
      throw accessDenied(caller.accountId, operation, this.resourceOf(match, caller));
    }
    const taken = this.limiter.take(`${caller.accountId}/${caller.region}`, match.route.bucket);
    this.requestLog.record(caller.accountId, caller.region, operation, this.now(), { throttled: !taken.ok, functionName: functionNameOf(match.label) });
    if (!taken.ok) {
      this.throttled.set(operation, (this.throttled.get(operation) ?? 0) + 1);
      throw tooManyRequests(taken.retryAfterSec);
    }
    if (raw.tooLarge) throw requestTooLarge(MAX_REQUEST_BYTES);
    const result = match.route.run({ store: this.store, scope: caller }, { label: match.label, query, body: this.parseBody(match, raw.text) });
    if (operation === "ListFunctions" && result.status === 200 && !(result.body as { NextMarker?: string }).NextMarker) this.requestLog.listCompleted(caller.accountId, caller.region, this.now());
    return { status: result.status, body: result.body };
  }

  private parseBody(match: RouteMatch, text: string): Record<string, unknown> {
    if (!match.route.hasBody || text.trim() === "") return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw invalidRequestContent(`Could not parse request body into json: ${(e as Error).message}`);
    }
    return requireBodyObject(parsed);
  }

  /** The resource an IAM denial names: the function ARN when the path names one. */
  private resourceOf(match: RouteMatch, caller: CallerScope): string {
    if (!match.label) return `arn:aws:lambda:${caller.region}:${caller.accountId}:function:*`;
    if (match.label.startsWith("arn:")) return match.label;
    try {
      return functionArn(caller.region, caller.accountId, parseFunctionName(match.label).name);
    } catch {
      return match.label;
    }
  }

  private send(res: http.ServerResponse, reply: Reply): void {
    if (res.destroyed || res.writableEnded) return;
    const headers: Record<string, string> = { "x-amzn-RequestId": randomUUID(), ...(reply.headers ?? {}) };
    if (reply.body === undefined) {
      res.writeHead(reply.status, headers);
      res.end();
      return;
    }
    const payload = JSON.stringify(reply.body);
    headers["Content-Type"] = "application/json";
    headers["Content-Length"] = String(Buffer.byteLength(payload));
    res.writeHead(reply.status, headers);
    res.end(payload);
  }
}

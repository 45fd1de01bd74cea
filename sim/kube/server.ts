/**
 * KubeApiSim: one simulated Kubernetes API server (one cluster, one port), speaking enough of
 * kube-apiserver's HTTP API for @kubernetes/client-node 1.4 and kubectl 1.32: discovery, CRUD,
 * patch, watch, finalizers, dryRun, RBAC with impersonation and access reviews.
 * stop() drops every connection like an outage; start() again serves the same data on the same
 * port. Several instances in one process simulate several clusters.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Socket } from "node:net";
import { kubernetesMinor, requestAttributes } from "./attributes";
import { authenticate, impersonate } from "./auth";
import { Deleter } from "./deletion";
import { aggregatedDiscovery, apiGroupDoc, apiGroupList, apiResourceList, apiVersions, versionInfo } from "./discovery";
import { handleResource } from "./handlers";
import { readBody, decodeBody, contentTypeOf, send, sendStatus, sendText } from "./http";
import { negotiateOutput } from "./negotiation";
import { openApiDoc, openApiIndex } from "./openapi";
import { type RbacPolicy, type SimIdentity, authorize, forbiddenReason } from "./rbac";
import { Registry } from "./registry";
import { decodeReviewProtobuf } from "./protobuf";
import { answerReview } from "./reviews";
import { type Route, parseRoute } from "./routes";
import { SimStore } from "./store";
import { ApiError, errors } from "./status";
import { selfSignedCert } from "./tls";

export type { RbacPolicy, RbacRule, SimIdentity } from "./rbac";
export { defaultPolicy } from "./rbac";
export { SimStore } from "./store";
export type { KubeObject } from "./metadata";

export interface KubeSimOptions {
  name: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 = ephemeral; the port chosen on first start is kept across restarts. */
  port?: number;
  tokens: Record<string, SimIdentity>;
  policy: RbacPolicy;
  /** Watch events kept for resumes (default 1000); older resumes get 410 Gone. */
  watchHistoryLimit?: number;
  /** Interval of BOOKMARK events on watches that allow them (default 60 s). */
  bookmarkIntervalMs?: number;
  /** gitVersion reported by /version (default v1.32.0). */
  kubernetesVersion?: string;
  /**
   * Constrained impersonation (KEP-5284), which changes how impersonation refusals read; default:
   * on from Kubernetes 1.36 (where the feature is on by default), after `kubernetesVersion`.
   */
  constrainedImpersonation?: boolean;
  /**
   * Serve HTTPS with a self-signed certificate (see `caPem`). Needed for kubectl: it sends no
   * kubeconfig credentials to a plain-http server. Default false (plain http).
   */
  tls?: boolean;
}

const DEFAULT_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

export class KubeApiSim {
  readonly name: string;
  readonly store: SimStore;
  private readonly host: string;
  private currentPort: number;
  private policy: RbacPolicy;
  private readonly registry: Registry;
  private readonly deleter: Deleter;
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private readonly cert?: { certPem: string; keyPem: string };
  private readonly constrainedImpersonation: boolean;
  private readonly watchList: boolean;

  constructor(private readonly opts: KubeSimOptions) {
    this.name = opts.name;
    this.host = opts.host ?? "127.0.0.1";
    this.currentPort = opts.port ?? 0;
    this.policy = opts.policy;
    const minor = kubernetesMinor(opts.kubernetesVersion ?? "v1.32.0") ?? 0;
    this.constrainedImpersonation = opts.constrainedImpersonation ?? minor >= 36;
    // Feature WatchList: beta and on by default in 1.32, off in 1.33, on again from 1.34
    // (k8s.io/apiserver pkg/features).
    this.watchList = minor === 32 || minor >= 34;
    this.store = new SimStore(opts.watchHistoryLimit ?? 1000);
    this.registry = new Registry(this.store);
    this.deleter = new Deleter(this.store);
    // Generated once so that clients trusting it keep working across stop()/start().
    if (opts.tls) this.cert = selfSignedCert(`kube-api-sim-${opts.name}`);
    for (const ns of DEFAULT_NAMESPACES) this.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  }

  get port(): number {
    return this.currentPort;
  }

  get url(): string {
    const host = this.host.includes(":") ? `[${this.host}]` : this.host;
    return `${this.cert ? "https" : "http"}://${host}:${this.currentPort}`;
  }

  /** PEM of the self-signed serving certificate (its own CA) when `tls` is on. */
  get caPem(): string | undefined {
    return this.cert?.certPem;
  }

  setPolicy(p: RbacPolicy): void {
    this.policy = p;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    const server: Server = this.cert ? createHttpsServer({ cert: this.cert.certPem, key: this.cert.keyPem }, handler) : createServer(handler);
    server.keepAliveTimeout = 30_000;
    server.on("connection", (s: Socket) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    // A malformed request line or header gets a plain 400, never a crash.
    server.on("clientError", (_err, socket) => {
      if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
      else socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.currentPort, this.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const addr = server.address();
    if (addr && typeof addr === "object") this.currentPort = addr.port;
    this.server = server;
  }

  /** Closes the listener and cuts every open connection (watches included), like an outage. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.route(req, res);
    } catch (e) {
      if (e instanceof ApiError) {
        if (!res.headersSent) sendStatus(res, e.status);
        else res.end();
        return;
      }
      // Never leak internals: log the message (no headers, no tokens), answer a generic 500.
      console.error(`[kube-sim ${this.name}] internal error on ${req.method} ${req.url?.split("?")[0]}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) sendStatus(res, errors.internal("unexpected server error").status);
      else res.end();
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://sim.invalid");
    } catch {
      throw errors.badRequest("malformed request URL");
    }
    const route = parseRoute(url.pathname);
    const caller = authenticate(req.headers, this.opts.tokens);
    // Health and version are public (system:public-info-viewer); everything else needs a token.
    if (!caller) {
      if (route.type === "health") return sendText(res, 200, "ok");
      if (route.type === "version") return send(res, 200, versionInfo(this.opts.kubernetesVersion ?? "v1.32.0"));
      throw errors.unauthorized();
    }
    const request = this.constrainedImpersonation ? requestAttributes(route, req.method ?? "GET", url) : undefined;
    const identity = impersonate(req.headersDistinct, caller, this.policy, request);
    await this.dispatch(route, req, res, url, identity);
  }

  private async dispatch(route: Route, req: IncomingMessage, res: ServerResponse, url: URL, identity: SimIdentity): Promise<void> {
    const method = req.method ?? "GET";
    const readOnly = () => {
      if (method !== "GET" && method !== "HEAD") throw errors.methodNotAllowed();
    };
    switch (route.type) {
      case "health":
        return sendText(res, 200, "ok");
      case "version":
        readOnly();
        return send(res, 200, versionInfo(this.opts.kubernetesVersion ?? "v1.32.0"));
      case "openapi": {
        readOnly();
        // v3 only (kubectl create/apply need it, see openapi.ts); v2 is 404 as on servers that dropped it.
        if (route.version !== "v3") throw errors.pathNotFound();
        const doc = route.path ? openApiDoc(route.path) : openApiIndex();
        if (!doc) throw errors.pathNotFound();
        return send(res, 200, doc);
      }
      case "discovery-root": {
        readOnly();
        const out = negotiateOutput(req.headers.accept, { discovery: true });
        if (out.format === "discovery") {
          res.setHeader("Content-Type", `application/json;g=apidiscovery.k8s.io;v=${out.apiVersion.split("/")[1]};as=APIGroupDiscoveryList`);
          const text = JSON.stringify(aggregatedDiscovery(route.core, out.apiVersion));
          res.writeHead(200, { "Content-Length": String(Buffer.byteLength(text)) });
          res.end(text);
          return;
        }
        return send(res, 200, route.core ? apiVersions(`${this.host}:${this.currentPort}`) : apiGroupList());
      }
      case "discovery-group": {
        readOnly();
        negotiateOutput(req.headers.accept, {});
        const doc = apiGroupDoc(route.group);
        if (!doc) throw errors.pathNotFound();
        return send(res, 200, doc);
      }
      case "discovery-resources":
        readOnly();
        negotiateOutput(req.headers.accept, {});
        return send(res, 200, apiResourceList(route.group, route.version));
      case "review":
        return this.review(route, req, res, identity);
      case "resource":
        return handleResource(
          { req, res, url, identity, store: this.store, registry: this.registry, deleter: this.deleter, policy: this.policy, bookmarkIntervalMs: this.opts.bookmarkIntervalMs ?? 60_000, watchList: this.watchList },
          route,
        );
      case "unknown-resource":
        throw errors.pathNotFound();
      case "not-found":
        throw errors.pathNotFound();
    }
  }

  private async review(route: Extract<Route, { type: "review" }>, req: IncomingMessage, res: ServerResponse, identity: SimIdentity): Promise<void> {
    if (req.method !== "POST") throw errors.methodNotAllowed();
    const self = route.kind === "SelfSubjectAccessReview" || route.kind === "SelfSubjectReview";
    const attrs = { verb: "create", apiGroup: route.group, resource: route.plural, namespace: route.namespace };
    // Self reviews are always allowed to authenticated users (bootstrap role system:basic-user).
    if (!self && !authorize(this.policy, identity, attrs).allowed) {
      throw errors.forbidden({ group: route.group, resource: route.plural }, "", forbiddenReason(identity, attrs));
    }
    const mediaType = contentTypeOf(req);
    const protobuf = mediaType === "application/vnd.kubernetes.protobuf";
    if (mediaType && !protobuf && mediaType !== "application/json" && mediaType !== "application/yaml") {
      throw errors.unsupportedMediaType(mediaType, ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"]);
    }
    const raw = await readBody(req);
    const body = protobuf ? decodeReviewProtobuf(raw) : decodeBody(raw, mediaType, route.kind);
    const out = negotiateOutput(req.headers.accept, { yaml: true });
    send(res, 201, answerReview(route.kind, body, identity, this.policy, route.namespace), { yaml: out.format === "yaml" });
  }
}

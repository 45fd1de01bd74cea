import { describe, expect, it } from "vitest";
import { parseConfig } from "../config";
import { CONNECTION_HEADER } from "../http/connection";
import { gateRequest } from "./request-gate";

const SECRET = "p".repeat(40);
const LOOPBACK = ["127.0.0.1"];
const gate = (path: string, headers: Record<string, string>, config: ReturnType<typeof parseConfig>, opts: { method?: string; listeners?: string[] } = {}) =>
  gateRequest({ path, method: opts.method ?? "GET", headers: new Headers(headers) }, config, opts.listeners ?? LOOPBACK);

/** Every kind of route: pages, reads, the stream, the audit log, writes. One gate answers them all alike. */
const ROUTES: Array<[string, string]> = [
  ["GET", "/"],
  ["GET", "/functions/prod-us/checkout/order-events-processor"],
  ["GET", "/api/functions"],
  ["GET", "/api/functions/prod-us/checkout/order-events-processor"],
  ["GET", "/api/functions/prod-us/checkout/order-events-processor/timeline"],
  ["GET", "/api/stream"],
  ["GET", "/api/audit"],
  ["GET", "/api/me"],
  ["GET", "/api/healthz"],
  ["GET", "/api/remediations/needs-action"],
  ["POST", "/api/functions/prod-us/checkout/order-events-processor/remediations"],
];

describe("gateRequest", () => {
  const local = parseConfig({});
  const proxy = parseConfig({ ACK_FLEET_AUTH_MODE: "proxy", ACK_FLEET_PROXY_SECRET: SECRET });

  it("serves loopback hosts only in local mode", () => {
    for (const host of ["127.0.0.1:3000", "localhost:3000", "[::1]:3000", "localhost"]) expect(gate("/", { host }, local)).toBeNull();
    for (const host of ["fleet.attacker.example", "10.0.0.2:3000", "localhost.evil.example"]) expect(gate("/api/functions", { host }, local)).toMatchObject({ status: 403 });
  });

  it.each([
    ["X-Forwarded-For from another address", { "x-forwarded-for": "192.168.1.4" }],
    ["X-Forwarded-For through loopback from another address", { "x-forwarded-for": "127.0.0.1, 192.168.1.4" }],
    ["Forwarded for another address", { forwarded: "for=192.0.2.60;proto=http" }],
    ["Forwarded for an IPv6 address with a port", { forwarded: 'for="[2001:db8:cafe::17]:4711"' }],
    ["Forwarded for an obfuscated node", { forwarded: "for=_hidden" }],
    ["Forwarded without for", { forwarded: "proto=https;host=fleet.example.com" }],
    ["X-Real-IP of another address", { "x-real-ip": "10.1.2.3" }],
    ["a TCP peer on another machine (the request tap's facts)", { [CONNECTION_HEADER]: "http 127.0.0.1 3000 10.1.2.3" }],
    ["a connection that arrived on a non-loopback address", { [CONNECTION_HEADER]: "http 10.0.0.7 3000 127.0.0.1" }],
  ])("local mode refuses, on every route, a request that says it was forwarded: %s", (_what, extra) => {
    for (const [method, path] of ROUTES) {
      expect(gate(path, { host: "127.0.0.1:3000", ...extra }, local, { method }), `${method} ${path}`).toMatchObject({ status: 403, code: "local_only" });
    }
  });

  it("local mode serves a request forwarded only through this machine", () => {
    const headers = { host: "127.0.0.1:3000", "x-forwarded-for": "127.0.0.1", forwarded: 'for="[::1]:5000"', "x-real-ip": "127.0.0.1", [CONNECTION_HEADER]: "http 127.0.0.1 3000 127.0.0.1" };
    for (const [method, path] of ROUTES) expect(gate(path, headers, local, { method }), `${method} ${path}`).toBeNull();
  });

  it("local mode refuses every route while the server listens beyond loopback", () => {
    for (const [method, path] of ROUTES) {
      expect(gate(path, { host: "127.0.0.1:3000" }, local, { method, listeners: ["127.0.0.1", "0.0.0.0"] })).toMatchObject({ status: 403, message: expect.stringMatching(/listens on 0\.0\.0\.0/) });
    }
  });

  it("needs the proxy's secret in proxy mode on every route, the health summary included", () => {
    for (const [method, path] of ROUTES) {
      expect(gate(path, { host: "fleet", "x-ack-fleet-proxy-secret": SECRET }, proxy, { method })).toBeNull();
      expect(gate(path, { host: "fleet", "x-forwarded-user": "admin" }, proxy, { method })).toMatchObject({ status: 401 });
    }
    expect(gate("/", { "x-ack-fleet-proxy-secret": `${SECRET}x` }, proxy)).toMatchObject({ status: 401 });
    expect(gate("/", { "x-ack-fleet-proxy-secret": SECRET.slice(1) }, proxy)).toMatchObject({ status: 401 });
  });

  it("lets a kubelet's probes through in both modes, whatever the Host, and only GET or HEAD", () => {
    for (const path of ["/api/livez", "/api/readyz"]) {
      for (const config of [local, proxy]) {
        expect(gate(path, { host: "10.244.1.17:3000", "user-agent": "kube-probe/1.37" }, config)).toBeNull();
        expect(gate(path, { host: "10.244.1.17:3000" }, config, { method: "HEAD" })).toBeNull();
        expect(gate(path, { host: "10.244.1.17:3000" }, config, { method: "POST" })).not.toBeNull();
      }
    }
    // Not a prefix match: nothing else rides along.
    expect(gate("/api/livez/x", { host: "10.244.1.17:3000" }, proxy)).toMatchObject({ status: 401 });
  });

  it("refuses a declared body above the limit first, before any authentication, in both modes", () => {
    for (const config of [local, proxy]) {
      const senders: Array<Record<string, string>> = [{ host: "127.0.0.1:3000", "x-ack-fleet-proxy-secret": SECRET }, { host: "evil.example" }, {}];
      for (const headers of senders) {
        expect(gate("/api/functions/a/b/c/remediations", { ...headers, "content-length": String(9.5 * 1024 * 1024) }, config, { method: "POST" })).toMatchObject({ status: 413, code: "too_large" });
        expect(gate("/api/readyz", { ...headers, "content-length": "9000" }, config)).toMatchObject({ status: 413 });
      }
    }
    expect(gate("/api/functions/a/b/c/remediations", { host: "127.0.0.1:3000", "content-length": "8192" }, local, { method: "POST" })).toBeNull();
    expect(gate("/api/functions/a/b/c/remediations", { host: "127.0.0.1:3000", "content-length": "not a number" }, local, { method: "POST" })).toMatchObject({ status: 413 });
  });

  it("reads the secret from the configured header", () => {
    const custom = parseConfig({ ACK_FLEET_AUTH_MODE: "proxy", ACK_FLEET_PROXY_SECRET: SECRET, ACK_FLEET_PROXY_SECRET_HEADER: "X-Fleet-Key" });
    expect(gate("/", { "x-fleet-key": SECRET }, custom)).toBeNull();
    expect(gate("/", { "x-ack-fleet-proxy-secret": SECRET }, custom)).toMatchObject({ status: 401 });
  });

  it("lets /metrics past the gate only when a metrics token is set (its handler then asks for it)", () => {
    const TOKEN = "m".repeat(24);
    // Without a token: /metrics is like any page.
    expect(gate("/metrics", { host: "10.0.0.7:3000" }, proxy)).toMatchObject({ status: 401 });
    expect(gate("/metrics", { host: "10.0.0.7:3000" }, local)).toMatchObject({ status: 403 });
    expect(gate("/metrics", { host: "127.0.0.1:3000" }, local)).toBeNull();
    const proxyWithToken = parseConfig({ ACK_FLEET_AUTH_MODE: "proxy", ACK_FLEET_PROXY_SECRET: SECRET, ACK_FLEET_METRICS_TOKEN: TOKEN });
    expect(gate("/metrics", { host: "10.0.0.7:3000" }, proxyWithToken)).toBeNull();
    // Only that path: everything else still needs the proxy.
    for (const p of ["/metrics/x", "/api/functions", "/"]) expect(gate(p, { host: "10.0.0.7:3000" }, proxyWithToken)).toMatchObject({ status: 401 });
  });
});

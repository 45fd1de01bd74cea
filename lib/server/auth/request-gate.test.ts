import { describe, expect, it } from "vitest";
import { parseConfig } from "../config";
import { gateRequest } from "./request-gate";

const SECRET = "p".repeat(40);
const h = (o: Record<string, string>) => new Headers(o);

describe("gateRequest", () => {
  const local = parseConfig({});
  const proxy = parseConfig({ ACK_FLEET_AUTH_MODE: "proxy", ACK_FLEET_PROXY_SECRET: SECRET });

  it("serves loopback hosts only in local mode", () => {
    for (const host of ["127.0.0.1:3000", "localhost:3000", "[::1]:3000", "localhost"]) expect(gateRequest("/", h({ host }), local)).toBeNull();
    for (const host of ["fleet.attacker.example", "10.0.0.2:3000", "localhost.evil.example"]) expect(gateRequest("/api/functions", h({ host }), local)).toMatchObject({ status: 403 });
  });

  it("needs the proxy's secret in proxy mode, except for the health probe", () => {
    expect(gateRequest("/api/functions", h({ host: "fleet", "x-ack-fleet-proxy-secret": SECRET }), proxy)).toBeNull();
    expect(gateRequest("/api/functions", h({ host: "fleet", "x-forwarded-user": "admin" }), proxy)).toMatchObject({ status: 401 });
    expect(gateRequest("/", h({ "x-ack-fleet-proxy-secret": `${SECRET}x` }), proxy)).toMatchObject({ status: 401 });
    expect(gateRequest("/", h({ "x-ack-fleet-proxy-secret": SECRET.slice(1) }), proxy)).toMatchObject({ status: 401 });
    expect(gateRequest("/api/healthz", h({}), proxy)).toBeNull();
  });

  it("reads the secret from the configured header", () => {
    const custom = parseConfig({ ACK_FLEET_AUTH_MODE: "proxy", ACK_FLEET_PROXY_SECRET: SECRET, ACK_FLEET_PROXY_SECRET_HEADER: "X-Fleet-Key" });
    expect(gateRequest("/", h({ "x-fleet-key": SECRET }), custom)).toBeNull();
    expect(gateRequest("/", h({ "x-ack-fleet-proxy-secret": SECRET }), custom)).toMatchObject({ status: 401 });
  });

  it("lets /metrics past the gate only when a metrics token is set (its handler then asks for it)", () => {
    const TOKEN = "m".repeat(24);
    // Without a token: /metrics is like any page.
    expect(gateRequest("/metrics", h({ host: "10.0.0.7:3000" }), proxy)).toMatchObject({ status: 401 });
    expect(gateRequest("/metrics", h({ host: "10.0.0.7:3000" }), local)).toMatchObject({ status: 403 });
    expect(gateRequest("/metrics", h({ host: "127.0.0.1:3000" }), local)).toBeNull();
    const proxyWithToken = parseConfig({ ACK_FLEET_AUTH_MODE: "proxy", ACK_FLEET_PROXY_SECRET: SECRET, ACK_FLEET_METRICS_TOKEN: TOKEN });
    expect(gateRequest("/metrics", h({ host: "10.0.0.7:3000" }), proxyWithToken)).toBeNull();
    // Only that path: everything else still needs the proxy.
    for (const p of ["/metrics/x", "/api/functions", "/"]) expect(gateRequest(p, h({ host: "10.0.0.7:3000" }), proxyWithToken)).toMatchObject({ status: 401 });
  });
});

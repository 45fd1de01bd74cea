import { describe, expect, it } from "vitest";
import { gateConfigFromEnv, gateRequest, sameSecret } from "./request-gate";

const SECRET = "p".repeat(40);
const h = (o: Record<string, string>) => new Headers(o);

describe("gateRequest", () => {
  const local = gateConfigFromEnv({});
  const proxy = gateConfigFromEnv({ ACK_FLEET_AUTH_MODE: "proxy", ACK_FLEET_PROXY_SECRET: SECRET });

  it("serves loopback hosts only in local mode", () => {
    for (const host of ["127.0.0.1:3000", "localhost:3000", "[::1]:3000", "localhost"]) expect(gateRequest("/", h({ host }), local)).toBeNull();
    for (const host of ["fleet.attacker.example", "10.0.0.2:3000", "localhost.evil.example"]) expect(gateRequest("/api/functions", h({ host }), local)).toMatchObject({ status: 403 });
  });

  it("needs the proxy's secret in proxy mode, except for the health probe", () => {
    expect(gateRequest("/api/functions", h({ host: "fleet", "x-ack-fleet-proxy-secret": SECRET }), proxy)).toBeNull();
    expect(gateRequest("/api/functions", h({ host: "fleet", "x-forwarded-user": "admin" }), proxy)).toMatchObject({ status: 401 });
    expect(gateRequest("/", h({ "x-ack-fleet-proxy-secret": `${SECRET}x` }), proxy)).toMatchObject({ status: 401 });
    expect(gateRequest("/api/healthz", h({}), proxy)).toBeNull();
  });

  it("compares secrets whole", () => {
    expect(sameSecret(SECRET, SECRET)).toBe(true);
    expect(sameSecret(SECRET.slice(1), SECRET)).toBe(false);
    expect(sameSecret(null, SECRET)).toBe(false);
  });
});

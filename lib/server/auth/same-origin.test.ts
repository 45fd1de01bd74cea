import { describe, expect, it } from "vitest";
import { CONNECTION_HEADER } from "../http/connection";
import { crossOriginProblem, type OriginPolicy } from "./same-origin";

const h = (o: Record<string, string>) => new Headers(o);
const local: OriginPolicy = { mode: "local", allowedOrigins: [], port: 3000 };
const proxy: OriginPolicy = { mode: "proxy", allowedOrigins: [], port: 3000 };
/** What the request tap writes for a connection to 127.0.0.1:3252 over plain HTTP. */
const TAPPED = { [CONNECTION_HEADER]: "http 127.0.0.1 3252 127.0.0.1" };

describe("crossOriginProblem", () => {
  it("accepts the dashboard's own origin", () => {
    expect(crossOriginProblem(h({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" }), local)).toBeNull();
    expect(crossOriginProblem(h({ host: "localhost:3252", origin: "http://localhost:3252", ...TAPPED }), local)).toBeNull();
    expect(crossOriginProblem(h({ host: "[::1]:3000", origin: "http://[::1]:3000" }), local)).toBeNull();
    expect(crossOriginProblem(h({ host: "fleet.example.com", origin: "https://fleet.example.com", "x-forwarded-proto": "https" }), proxy)).toBeNull();
    expect(crossOriginProblem(h({ host: "10.0.0.5:3000", origin: "http://10.0.0.5:3000" }), proxy)).toBeNull();
    expect(crossOriginProblem(h({ host: "internal:3000", origin: "https://fleet.example.com" }), { ...proxy, allowedOrigins: ["https://fleet.example.com"] })).toBeNull();
  });

  it.each([
    ["another site", { host: "127.0.0.1:3000", origin: "https://evil.example" }],
    ["the same host on another port", { host: "127.0.0.1:3000", origin: "http://127.0.0.1:4000" }],
    ["Sec-Fetch-Site cross-site", { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site same-site", { host: "a.example.com", "sec-fetch-site": "same-site" }],
    ["an opaque origin", { host: "127.0.0.1:3000", origin: "null" }],
    ["no browser header at all", { host: "127.0.0.1:3000" }],
  ])("refuses %s", (_what, headers) => {
    expect(crossOriginProblem(h(headers), local)).toMatch(/refused|own pages/);
  });

  it.each([
    // Found by probing the build: X-Forwarded-Host was trusted, and the Origin's scheme ignored.
    ["an Origin that X-Forwarded-Host vouches for", { host: "127.0.0.1:3000", "x-forwarded-host": "evil.example", origin: "http://evil.example" }],
    ["the https scheme on a plain HTTP listener", { host: "127.0.0.1:3000", origin: "https://127.0.0.1:3000" }],
    ["https claimed by X-Forwarded-Proto", { host: "127.0.0.1:3000", "x-forwarded-proto": "https", origin: "https://127.0.0.1:3000" }],
    ["a Host and Origin that agree on a port the server does not listen on", { host: "127.0.0.1:4000", origin: "http://127.0.0.1:4000", ...TAPPED }],
    ["the default port the server does not listen on", { host: "127.0.0.1", origin: "http://127.0.0.1" }],
    ["another loopback name than the Host", { host: "127.0.0.1:3000", origin: "http://localhost:3000" }],
  ])("local mode refuses %s: scheme, host and port are the listener's", (_what, headers) => {
    expect(crossOriginProblem(h(headers), local)).toMatch(/refused/);
  });

  it("local mode takes the port from the connection over the configuration", () => {
    expect(crossOriginProblem(h({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", ...TAPPED }), local)).toMatch(/refused/);
    expect(crossOriginProblem(h({ host: "127.0.0.1:3252", origin: "http://127.0.0.1:3252", ...TAPPED }), local)).toBeNull();
  });

  it("proxy mode compares the scheme the proxy names, and never reads X-Forwarded-Host", () => {
    expect(crossOriginProblem(h({ host: "fleet.example.com", origin: "https://fleet.example.com" }), proxy)).toMatch(/refused/);
    expect(crossOriginProblem(h({ host: "fleet.example.com", origin: "http://fleet.example.com", "x-forwarded-proto": "https" }), proxy)).toMatch(/refused/);
    expect(crossOriginProblem(h({ host: "10.0.0.5:3000", "x-forwarded-host": "fleet.example.com", origin: "https://fleet.example.com", "x-forwarded-proto": "https" }), proxy)).toMatch(/refused/);
  });
});

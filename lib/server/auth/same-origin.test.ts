import { describe, expect, it } from "vitest";
import { crossOriginProblem } from "./same-origin";

const h = (o: Record<string, string>) => new Headers(o);

describe("crossOriginProblem", () => {
  it("accepts the dashboard's own origin", () => {
    expect(crossOriginProblem(h({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" }))).toBeNull();
    expect(crossOriginProblem(h({ host: "fleet.example.com", origin: "https://fleet.example.com" }))).toBeNull();
    expect(crossOriginProblem(h({ host: "10.0.0.5:3000", "x-forwarded-host": "fleet.example.com", origin: "https://fleet.example.com" }))).toBeNull();
    expect(crossOriginProblem(h({ host: "internal:3000", origin: "https://fleet.example.com" }), ["https://fleet.example.com"])).toBeNull();
  });

  it.each([
    ["another site", { host: "127.0.0.1:3000", origin: "https://evil.example" }],
    ["the same host on another port", { host: "127.0.0.1:3000", origin: "http://127.0.0.1:4000" }],
    ["Sec-Fetch-Site cross-site", { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site same-site", { host: "a.example.com", "sec-fetch-site": "same-site" }],
    ["an opaque origin", { host: "127.0.0.1:3000", origin: "null" }],
    ["no browser header at all", { host: "127.0.0.1:3000" }],
  ])("refuses %s", (_what, headers) => {
    expect(crossOriginProblem(h(headers))).toMatch(/refused|own pages/);
  });
});

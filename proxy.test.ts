/**
 * The outer gate (proxy.ts) on the paths Next.js cannot route: a malformed percent-encoding
 * (`%ZZ`) in a path segment. The API answers 400 in its error shape, a page path is rewritten
 * to the not-found page, both with the CSP, and the server logs a line.
 */
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { proxy } from "./proxy";

const request = (path: string, init: { method?: string } = {}) => new NextRequest(`http://127.0.0.1:3000${path}`, { headers: { host: "127.0.0.1:3000" }, ...init });

afterEach(() => vi.restoreAllMocks());

describe("proxy on malformed percent-encoding", () => {
  it.each([
    ["GET", "/api/functions/prod-us/checkout/%ZZ"],
    ["GET", "/api/functions/prod-us/checkout/%ZZ/timeline"],
    ["POST", "/api/functions/prod-us/checkout/%ZZ/remediations"],
    ["GET", "/api/functions/prod-us/%E0%A4%A/x"],
  ])("%s %s answers 400 in the API's error shape, logged", async (method, path) => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = proxy(request(path, { method }));
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-/);
    expect(await res.json()).toEqual({ error: { code: "bad_request", message: expect.stringMatching(/percent-encoding/) } });
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0][0])).toMatch(/^\[proxy\] .*malformed percent-encoding/);
  });

  it("shows the not-found page for a page path", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const res = proxy(request("/functions/prod-us/checkout/%ZZ"));
    expect(res.headers.get("x-middleware-rewrite")).toMatch(/\/_not-found$/);
    expect(res.headers.get("content-security-policy")).toMatch(/'nonce-/);
  });

  it("lets well-formed encodings through", () => {
    const res = proxy(request("/api/functions/arn%3Aaws%3Aeks%3Aeu-west-1%3A1%3Acluster%2Fprod/checkout/fn"));
    expect(res.status).toBe(200);
    expect(res.headers.get("x-middleware-next")).toBe("1");
  });
});

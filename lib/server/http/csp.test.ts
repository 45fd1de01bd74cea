import { describe, expect, it } from "vitest";
import { base64, contentSecurityPolicy, newNonce, responsePolicy } from "./csp";

describe("contentSecurityPolicy", () => {
  it("allows scripts only with the nonce in production", () => {
    const csp = contentSecurityPolicy("abc123==", false);
    const script = csp.split("; ").find((d) => d.startsWith("script-src"));
    expect(script).toBe("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });

  it("adds what development needs, and nothing else", () => {
    const csp = contentSecurityPolicy("n", true);
    expect(csp).toContain("'unsafe-eval'");
    expect(csp).toContain("connect-src 'self' ws: wss:");
    expect(csp.split("; ").find((d) => d.startsWith("script-src"))).not.toContain("unsafe-inline");
  });
});

describe("newNonce", () => {
  it("is new every time and carries 128 bits", () => {
    const seen = new Set(Array.from({ length: 100 }, newNonce));
    expect(seen.size).toBe(100);
    for (const n of seen) expect(atob(n)).toHaveLength(16);
  });

  it("stays new across the refills of its random bits (256 nonces a refill)", () => {
    const seen = new Set(Array.from({ length: 1000 }, newNonce));
    expect(seen.size).toBe(1000);
    for (const n of seen) expect(Buffer.from(n, "base64")).toHaveLength(16);
  });
});

describe("base64", () => {
  it("encodes as RFC 4648 with padding, whole or a range of the bytes", () => {
    const bytes = Uint8Array.from({ length: 40 }, (_, i) => (i * 97 + 13) & 255);
    for (let n = 0; n <= 20; n++) expect(base64(bytes, 0, n)).toBe(Buffer.from(bytes.subarray(0, n)).toString("base64"));
    expect(base64(bytes, 7, 23)).toBe(Buffer.from(bytes.subarray(7, 23)).toString("base64"));
    expect(base64(Uint8Array.of(255, 254, 253))).toBe("//79");
  });
});

describe("responsePolicy", () => {
  it("is the production policy around a nonce of its own each time", () => {
    const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1] ?? "";
    const a = responsePolicy();
    const b = responsePolicy();
    expect(nonceOf(a)).not.toBe(nonceOf(b));
    expect(a).toBe(contentSecurityPolicy(nonceOf(a), false));
    expect(b).toBe(contentSecurityPolicy(nonceOf(b), false));
    expect(atob(nonceOf(a))).toHaveLength(16);
  });
});

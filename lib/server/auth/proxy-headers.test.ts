import { describe, expect, it } from "vitest";
import { identityFromProxyHeaders, parseGroups } from "./proxy-headers";
import { secretMatches } from "./secret";

const SECRET = "s".repeat(40);
const opts = { secret: SECRET, secretHeader: "x-ack-fleet-proxy-secret", username: "user" as const };
const h = (o: Record<string, string>) => new Headers(o);

describe("identityFromProxyHeaders", () => {
  it("believes the identity headers only with the shared secret", () => {
    const ok = identityFromProxyHeaders(h({ "x-ack-fleet-proxy-secret": SECRET, "x-forwarded-user": "ana", "x-forwarded-groups": "ops, dev", "x-forwarded-email": "ana@example.com" }), opts);
    expect(ok).toEqual({ ok: true, identity: { user: "ana", groups: ["ops", "dev"], email: "ana@example.com", mode: "proxy" } });
    for (const secret of [undefined, "", SECRET.slice(1), `${SECRET}, ${SECRET}`]) {
      const headers: Record<string, string> = { "x-forwarded-user": "mallory" };
      if (secret !== undefined) headers["x-ack-fleet-proxy-secret"] = secret;
      expect(identityFromProxyHeaders(h(headers), opts)).toMatchObject({ ok: false, claimedUser: "mallory" });
    }
  });

  it("refuses a request without a user, with a reserved system: user, or with control characters", () => {
    expect(identityFromProxyHeaders(h({ "x-ack-fleet-proxy-secret": SECRET }), opts).ok).toBe(false);
    expect(identityFromProxyHeaders(h({ "x-ack-fleet-proxy-secret": SECRET, "x-forwarded-user": "system:admin" }), opts).ok).toBe(false);
    expect(identityFromProxyHeaders(h({ "x-ack-fleet-proxy-secret": SECRET, "x-forwarded-user": "a\u0007b" }), opts).ok).toBe(false);
  });

  it("takes the user from X-Forwarded-Email when configured", () => {
    const r = identityFromProxyHeaders(h({ "x-ack-fleet-proxy-secret": SECRET, "x-forwarded-user": "12345", "x-forwarded-email": "ana@example.com" }), { ...opts, username: "email" });
    expect(r).toMatchObject({ ok: true, identity: { user: "ana@example.com" } });
  });
});

describe("parseGroups", () => {
  it("drops system: groups, blanks and duplicates", () => {
    expect(parseGroups("ops,system:masters, ,ops,dev")).toEqual(["ops", "dev"]);
    expect(parseGroups(null)).toEqual([]);
  });
});

describe("secretMatches", () => {
  it("compares whole values", () => {
    expect(secretMatches(SECRET, SECRET)).toBe(true);
    expect(secretMatches(`${SECRET}x`, SECRET)).toBe(false);
    expect(secretMatches(null, SECRET)).toBe(false);
  });
});

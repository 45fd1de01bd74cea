import "server-only";
import type { HeaderReader } from "../http/header-view";
import type { Identity } from "./identity";
import { secretMatches } from "./secret";

/**
 * Identity from an oauth2-proxy-style authenticating proxy: X-Forwarded-User,
 * X-Forwarded-Email, X-Forwarded-Groups (oauth2-proxy --pass-user-headers, or its alpha
 * config's injectRequestHeaders). Those headers are only believed when the request also
 * carries the shared secret header that the proxy injects (ACK_FLEET_PROXY_SECRET): anyone who
 * reaches the dashboard without going through the proxy cannot know it, so forged identity
 * headers are rejected. The source address cannot serve instead: Next.js keeps a client's own
 * X-Forwarded-For (base-server.js sets it with ??=), so a route handler never sees the peer.
 */
export interface ProxyAuthOptions {
  secret: string;
  /** Lower-case header name. */
  secretHeader: string;
  /** Which header names the user: X-Forwarded-User (default) or X-Forwarded-Email. */
  username: "user" | "email";
}

export type ProxyAuthResult =
  | { ok: true; identity: Identity }
  | { ok: false; message: string; claimedUser: string | null };

const MAX_NAME = 256;
const MAX_GROUPS = 100;
/** C0/C1 controls and bidi overrides: never part of a user or group name. */
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

function cleanName(value: string | null): string | null {
  if (value === null) return null;
  const v = value.trim();
  if (!v || v.length > MAX_NAME || UNSAFE.test(v)) return null;
  return v;
}

/**
 * Groups arrive comma-separated (several header lines are joined with ", " too). Groups named
 * system:* are reserved for Kubernetes itself and dropped: an identity provider must not be
 * able to make the dashboard impersonate system:masters.
 */
export function parseGroups(value: string | null): string[] {
  if (!value) return [];
  const out: string[] = [];
  for (const raw of value.split(",")) {
    const g = cleanName(raw);
    if (!g || g.startsWith("system:") || out.includes(g)) continue;
    out.push(g);
    if (out.length >= MAX_GROUPS) break;
  }
  return out;
}

export function identityFromProxyHeaders(headers: HeaderReader, opts: ProxyAuthOptions): ProxyAuthResult {
  const claimed = cleanName(headers.get("x-forwarded-user")) ?? cleanName(headers.get("x-forwarded-email"));
  if (!secretMatches(headers.get(opts.secretHeader), opts.secret)) {
    return {
      ok: false,
      claimedUser: claimed,
      message: "this request did not come through the authenticating proxy (its shared secret header is missing or wrong): identity headers are not trusted",
    };
  }
  const email = cleanName(headers.get("x-forwarded-email"));
  const user = opts.username === "email" ? email : cleanName(headers.get("x-forwarded-user"));
  if (!user) {
    const header = opts.username === "email" ? "X-Forwarded-Email" : "X-Forwarded-User";
    return { ok: false, claimedUser: claimed, message: `the authenticating proxy sent no usable ${header} header: nobody is signed in` };
  }
  if (user.startsWith("system:")) {
    return { ok: false, claimedUser: user, message: "user names starting with system: are reserved for Kubernetes and are not accepted from the proxy" };
  }
  return { ok: true, identity: { user, groups: parseGroups(headers.get("x-forwarded-groups")), email, mode: "proxy" } };
}

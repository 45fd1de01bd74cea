import "server-only";
import type { ServerConfig } from "../config";
import type { HeaderReader } from "../http/header-view";
import { localRequestProblem } from "./loopback";
import { identityFromProxyHeaders } from "./proxy-headers";

/**
 * Who a request came from, for its log line (lib/server/http/request-log.ts): the name only,
 * never a header value that could carry a credential. Proxy mode: the user the authenticating
 * proxy vouched for (only when the request carries its shared secret, as authenticate() asks);
 * local mode: "local operator", the name authenticate() gives a request from this machine.
 * Null when the request proves no one (it is refused, or the app is not running yet).
 */
export const LOCAL_OPERATOR = "local operator";

export function requestUser(headers: HeaderReader, config: Pick<ServerConfig, "authMode" | "proxy"> | null): string | null {
  if (!config) return null;
  if (config.authMode === "proxy") {
    if (!config.proxy.secret) return null;
    const r = identityFromProxyHeaders(headers, { secret: config.proxy.secret, secretHeader: config.proxy.secretHeader, username: config.proxy.username });
    return r.ok ? r.identity.user : null;
  }
  return localRequestProblem(headers) ? null : LOCAL_OPERATOR;
}

import "server-only";
import type { ServerConfig } from "../config";
import type { HeaderReader } from "../http/header-view";
import type { ClusterContext } from "../kube/kubeconfig";
import { AuthError, type Identity } from "./identity";
import { localIdentity } from "./local-identity";
import { localRequestProblem } from "./loopback";
import { identityFromProxyHeaders } from "./proxy-headers";
import { LOCAL_OPERATOR } from "./request-user";

/**
 * Authenticates a request (remediation guard 2, docs/architecture.md). Throws AuthError (401) when it cannot.
 * `cluster`: in local mode the identity is that context's kubeconfig user; without one (audit,
 * approvals list) the caller is "the local operator" once the loopback checks pass.
 */
export type AuthConfig = Pick<ServerConfig, "authMode" | "proxy">;

export async function authenticate(req: { readonly headers: HeaderReader }, config: AuthConfig, cluster: ClusterContext | null): Promise<Identity> {
  if (config.authMode === "proxy") {
    // parseConfig refuses proxy mode without a secret: this is a programming error, a 500.
    if (!config.proxy.secret) throw new Error("proxy auth mode without ACK_FLEET_PROXY_SECRET");
    const r = identityFromProxyHeaders(req.headers, { secret: config.proxy.secret, secretHeader: config.proxy.secretHeader, username: config.proxy.username });
    if (!r.ok) throw new AuthError(r.message, r.claimedUser);
    return r.identity;
  }
  const problem = localRequestProblem(req.headers);
  if (problem) throw new AuthError(problem);
  if (!cluster) return { user: LOCAL_OPERATOR, groups: [], email: null, mode: "local" };
  return localIdentity(cluster);
}

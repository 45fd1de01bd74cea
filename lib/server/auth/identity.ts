import "server-only";

/**
 * Who is asking (remediation issue, guard 2). In `local` mode the kubeconfig user of the
 * cluster context acts as itself; in `proxy` mode the user and groups come from a trusted
 * authenticating proxy and every write is made with impersonation of them.
 */
export type AuthMode = "local" | "proxy";

export interface Identity {
  user: string;
  groups: string[];
  email: string | null;
  mode: AuthMode;
}

/** A request that could not be authenticated: 401 (or 503 when the server is misconfigured). */
export class AuthError extends Error {
  constructor(
    readonly status: 401 | 503,
    readonly code: string,
    message: string,
    /** The user the request claimed to be (proxy headers), for the audit log of a refusal. */
    readonly claimedUser: string | null = null,
  ) {
    super(message);
    this.name = "AuthError";
  }
}

/** The label of an identity in texts: "operator@example.com (ack-operators)". */
export function describeIdentity(id: Pick<Identity, "user" | "groups">): string {
  const groups = id.groups.filter((g) => g !== "system:authenticated");
  return groups.length ? `${id.user} (${groups.join(", ")})` : id.user;
}

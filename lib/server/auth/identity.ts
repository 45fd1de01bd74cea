import "server-only";
import { HttpError } from "../http/errors";

/**
 * Who is asking (remediation guard 2, docs/architecture.md). In `local` mode the kubeconfig user of the
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

/** A request that could not be authenticated: 401, with the challenge RFC 9110 §11.6.1 asks for. */
export class AuthError extends HttpError {
  static override readonly kind: string = "AuthError";

  constructor(
    message: string,
    /** The user the request claimed to be (proxy headers), for the audit log of a refusal. */
    readonly claimedUser: string | null = null,
  ) {
    super(401, "unauthenticated", message, { "WWW-Authenticate": 'Proxy realm="ack-lambda-fleet"' });
    this.name = "AuthError";
  }
}

/** The label of an identity in texts: "operator@example.com (ack-operators)". */
export function describeIdentity(id: Pick<Identity, "user" | "groups">): string {
  const groups = id.groups.filter((g) => g !== "system:authenticated");
  return groups.length ? `${id.user} (${groups.join(", ")})` : id.user;
}

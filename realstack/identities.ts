/**
 * The identities of the real stack, their static bearer tokens (kube-apiserver
 * --token-auth-file, https://kubernetes.io/docs/reference/access-authn-authz/authentication/#static-token-file)
 * and one kubeconfig per identity.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { stringify } from "yaml";

export const IDENTITIES = ["admin", "operator", "viewer", "dashboard"] as const;
export type Identity = (typeof IDENTITIES)[number];

export interface IdentitySpec {
  user: string;
  groups: string[];
}

/**
 * Users and groups as the apiserver sees them. The admin is in system:masters (cluster-admin
 * without any binding); the others get their rights only from the RBAC objects in rbac.ts.
 */
export const IDENTITY_SPECS: Record<Identity, IdentitySpec> = {
  admin: { user: "realstack-admin", groups: ["system:masters"] },
  operator: { user: "alice@ops.example", groups: ["ack-fleet:operators"] },
  viewer: { user: "victor@ops.example", groups: ["ack-fleet:viewers"] },
  dashboard: { user: "ack-lambda-fleet-dashboard", groups: ["ack-fleet:dashboards"] },
};

export type IdentityTokens = Record<Identity, string>;

export function newTokens(): IdentityTokens {
  const token = () => randomBytes(24).toString("hex");
  return { admin: token(), operator: token(), viewer: token(), dashboard: token() };
}

/** CSV lines `token,user,uid,"group1,group2"`; file mode 0600 since it holds credentials. */
export function writeTokenFile(file: string, tokens: IdentityTokens): void {
  const lines = IDENTITIES.map((id) => {
    const { user, groups } = IDENTITY_SPECS[id];
    return `${tokens[id]},${user},${user},"${groups.join(",")}"`;
  });
  fs.writeFileSync(file, lines.join("\n") + "\n", { mode: 0o600 });
}

/** Writes `<dir>/<identity>.kubeconfig` for each identity; returns their paths. */
export function writeKubeconfigs(
  dir: string,
  server: string,
  caFile: string,
  tokens: IdentityTokens,
): Record<Identity, string> {
  const out = {} as Record<Identity, string>;
  for (const id of IDENTITIES) {
    const file = path.join(dir, `${id}.kubeconfig`);
    const config = {
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "realstack", cluster: { server, "certificate-authority": caFile } }],
      users: [{ name: id, user: { token: tokens[id] } }],
      contexts: [{ name: `realstack-${id}`, context: { cluster: "realstack", user: id } }],
      "current-context": `realstack-${id}`,
      preferences: {},
    };
    fs.writeFileSync(file, stringify(config), { mode: 0o600 });
    out[id] = file;
  }
  return out;
}

import "server-only";
import path from "node:path";
import type { KubeConfig, User } from "@kubernetes/client-node";
import { EKS_TOKEN_LIFETIME_MS, eksToken } from "../aws/eks-token";

/**
 * EKS clusters without the `aws` CLI: a kubeconfig user as `aws eks update-kubeconfig` writes
 * it (`exec: aws eks get-token --cluster-name <name> --region <region>`, or `--cluster-id`)
 * is served by the dashboard itself, with a token made from its own AWS identity (../aws/
 * eks-token.ts: IRSA or EKS Pod Identity through the SDK's default chain), kept for at most a
 * third of its lifetime. Any other exec plugin is left to client-node.
 */
const PROVIDER = "ack-fleet-eks";

export type AwsCredentials = () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>;

interface EksTarget {
  cluster: string;
  region: string;
}

function argAfter(args: string[], names: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    for (const n of names) {
      if (args[i] === n && i + 1 < args.length) return args[i + 1];
      if (args[i].startsWith(`${n}=`)) return args[i].slice(n.length + 1);
    }
  }
  return null;
}

/** The cluster and region of an `aws eks get-token` exec user, or null for anything else. */
export function eksTargetOf(user: User): EksTarget | null {
  const exec = user.exec as { command?: string; args?: string[]; env?: Array<{ name: string; value: string }> } | undefined;
  if (!exec?.command || path.basename(exec.command) !== "aws") return null;
  const args = exec.args ?? [];
  const at = args.indexOf("eks");
  if (at < 0 || args[at + 1] !== "get-token") return null;
  const cluster = argAfter(args, ["--cluster-name", "--cluster-id"]);
  const region = argAfter(args, ["--region"]) ?? exec.env?.find((e) => e.name === "AWS_REGION" || e.name === "AWS_DEFAULT_REGION")?.value ?? null;
  return cluster && region ? { cluster, region } : null;
}

/** Replaces every `aws eks get-token` user of `kc` with the dashboard's own EKS token maker. */
export function serveEksTokens(kc: KubeConfig, given?: AwsCredentials, now: () => number = Date.now): number {
  let replaced = 0;
  kc.users = kc.users.map((u) => {
    const target = eksTargetOf(u);
    if (!target) return u;
    replaced++;
    return { name: u.name, authProvider: { name: PROVIDER, config: { cluster: target.cluster, region: target.region } } } as User;
  });
  if (replaced === 0) return 0;
  // The SDK's default chain is loaded when a token is first made, not with the kubeconfig (lib/server/boot.ts reads it before the rest of the app loads).
  let chain: AwsCredentials | undefined = given;
  const credentials: AwsCredentials = async () => {
    chain ??= (await import("@aws-sdk/credential-provider-node")).defaultProvider();
    return chain();
  };
  const cache = new Map<string, { token: string; at: number }>();
  const authenticator: Parameters<KubeConfig["addAuthenticator"]>[0] = {
    isAuthProvider: (user: User) => user?.authProvider?.name === PROVIDER,
    async applyAuthentication(user: User, opts: { headers?: Record<string, string> }) {
      const { cluster, region } = user.authProvider!.config as EksTarget;
      const key = `${cluster}/${region}`;
      let hit = cache.get(key);
      if (!hit || now() - hit.at > EKS_TOKEN_LIFETIME_MS / 3) {
        hit = { token: await eksToken({ clusterName: cluster, region, credentials: await credentials(), signingDate: new Date(now()) }), at: now() };
        cache.set(key, hit);
      }
      opts.headers ??= {};
      opts.headers.Authorization = `Bearer ${hit.token}`;
    },
  };
  kc.addAuthenticator(authenticator);
  return replaced;
}

/**
 * Writes a kubeconfig for simulated clusters: one cluster, user and context per entry (context
 * name = cluster name), bearer-token auth. The file is created with mode 0600 (it holds tokens).
 *
 * Client behaviour that decides what works (checked with kubectl 1.32 and client-node 1.4):
 * - kubectl sends kubeconfig credentials only to https servers (client-go clientcmd reads the
 *   user's auth "only if we are secure"): against an http:// sim every kubectl request is
 *   anonymous and gets 401. Start the sim with `tls: true` and pass `caPem` for kubectl.
 * - client-node 1.4 refuses http:// servers unless insecure-skip-tls-verify is set, so it is
 *   written for every cluster without a CA.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { stringify } from "yaml";

export interface KubeconfigCluster {
  name: string;
  url: string;
  token: string;
  /** Name of the kubeconfig user entry; default "<name>-user". */
  user?: string;
  /** PEM of the server's CA (KubeApiSim.caPem) for https URLs. */
  caPem?: string;
}

export function kubeconfigYaml(clusters: KubeconfigCluster[], currentContext?: string): string {
  if (clusters.length === 0) throw new Error("writeKubeconfig: at least one cluster is needed");
  const userOf = (c: KubeconfigCluster) => c.user ?? `${c.name}-user`;
  const doc = {
    apiVersion: "v1",
    kind: "Config",
    preferences: {},
    clusters: clusters.map((c) => ({
      name: c.name,
      cluster: {
        server: c.url,
        // client-node 1.4 refuses http:// servers unless insecure-skip-tls-verify is set
        // (KubeConfig.createAgent); for https without a CA it is the only way to connect.
        ...(c.caPem ? { "certificate-authority-data": Buffer.from(c.caPem).toString("base64") } : { "insecure-skip-tls-verify": true }),
      },
    })),
    users: clusters.map((c) => ({ name: userOf(c), user: { token: c.token } })),
    contexts: clusters.map((c) => ({ name: c.name, context: { cluster: c.name, user: userOf(c) } })),
    "current-context": currentContext ?? clusters[0].name,
  };
  return stringify(doc);
}

export function writeKubeconfig(path: string, clusters: KubeconfigCluster[], currentContext?: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, kubeconfigYaml(clusters, currentContext), { mode: 0o600 });
}

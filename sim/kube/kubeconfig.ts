/**
 * Writes a kubeconfig for simulated clusters: one cluster, user and context per entry (context
 * name = cluster name), plain http server URLs, bearer-token auth. The file is created with mode
 * 0600 because it holds tokens.
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
      cluster: { server: c.url, ...(c.caPem ? { "certificate-authority-data": Buffer.from(c.caPem).toString("base64") } : {}) },
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

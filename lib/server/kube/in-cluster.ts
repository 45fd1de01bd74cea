import "server-only";
import fs from "node:fs";
import net from "node:net";
// The KubeConfig module alone (see ./kubeconfig.ts).
import { KubeConfig } from "@kubernetes/client-node/dist/config.js";
import type { ServerConfig } from "../config";
import { loadClusterContexts, type ClusterContext } from "./kubeconfig";

/**
 * The clusters to watch, from the configuration:
 * - the home cluster through the pod's ServiceAccount (in-cluster configuration, as client-go's
 *   rest.InClusterConfig: https://KUBERNETES_SERVICE_HOST:KUBERNETES_SERVICE_PORT, the token and
 *   CA that the kubelet mounts in /var/run/secrets/kubernetes.io/serviceaccount), when
 *   KUBERNETES_SERVICE_HOST is set and either ACK_FLEET_IN_CLUSTER_NAME names it or no
 *   kubeconfig is given; named by ACK_FLEET_IN_CLUSTER_NAME (default "in-cluster");
 * - every context of the kubeconfig(s), when there is one (remote clusters, a mounted Secret).
 * The token file is read again as it changes (client-node's tokenFile provider): projected
 * ServiceAccount tokens are rotated by the kubelet.
 */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
export const DEFAULT_IN_CLUSTER_NAME = "in-cluster";

export type ClusterSources = Pick<ServerConfig, "kubeconfigSet" | "kubeconfigPaths" | "contexts" | "inCluster">;

export function loadClusters(config: ClusterSources, serviceAccountDir = SERVICE_ACCOUNT_DIR): ClusterContext[] {
  const { host, port, name } = config.inCluster;
  const wantInCluster = host !== null && (name !== null || !config.kubeconfigSet);
  const home = wantInCluster ? [inClusterContext(name ?? DEFAULT_IN_CLUSTER_NAME, host, port ?? "443", serviceAccountDir)] : [];
  // In a pod without KUBECONFIG there is no other cluster (a developer's ~/.kube/config is not one).
  if (home.length > 0 && !config.kubeconfigSet) return home;
  const remote = loadClusterContexts(config.kubeconfigPaths, config.contexts);
  const clash = remote.find((c) => home.some((h) => h.name === c.name));
  if (clash) throw new Error(`ACK_FLEET_IN_CLUSTER_NAME: "${clash.name}" is also a context of the kubeconfig; name the home cluster otherwise`);
  return [...home, ...remote];
}

function inClusterContext(name: string, host: string, port: string, dir: string): ClusterContext {
  const tokenFile = `${dir.replace(/\/+$/, "")}/token`;
  const caFile = `${dir.replace(/\/+$/, "")}/ca.crt`;
  for (const f of [tokenFile, caFile]) {
    // turbopackIgnore: the build's file tracer cannot tell where `f` leads, and would otherwise
    // copy the whole project into the standalone server (deploy/image/image.test.ts checks).
    if (!fs.existsSync(/* turbopackIgnore: true */ f)) throw new Error(`KUBERNETES_SERVICE_HOST is set but ${f} is missing: is automountServiceAccountToken off for this pod?`);
  }
  const server = `https://${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser(
    { name, server, caFile, skipTLSVerify: false },
    { name: `${name}-serviceaccount`, authProvider: { name: "tokenFile", config: { tokenFile } } },
  );
  return { name, kc, server, user: `${name}-serviceaccount` };
}

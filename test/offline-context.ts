import { KubeConfig } from "@kubernetes/client-node";

/**
 * A cluster context that points nowhere (127.0.0.1:1): for a Fleet that is built and fed by hand
 * in a test or a benchmark, never started against a cluster.
 */
export function offlineContext(name: string) {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name, server: "https://127.0.0.1:1", skipTLSVerify: true }],
    users: [{ name: "u", token: "t" }],
    contexts: [{ name, cluster: name, user: "u" }],
    currentContext: name,
  });
  return { name, kc, server: "https://127.0.0.1:1", user: "u" };
}

import "server-only";
import fs from "node:fs";
// The KubeConfig module alone, not the package's index: the index also loads the API clients,
// exec, attach, port-forward, cp (tar-fs), informers and their dependencies, none of which this
// server uses; next.config.js bundles what this import needs into the server (cold start).
import { KubeConfig } from "@kubernetes/client-node/dist/config.js";
import { serveEksTokens } from "./eks-auth";

/**
 * Every context of the kubeconfig (or the configured subset) is one cluster. Each gets a
 * KubeConfig of its own whose current context is that one, so requests never mix clusters.
 */
export interface ClusterContext {
  name: string;
  kc: KubeConfig;
  server: string;
  user: string;
}

export function loadClusterContexts(paths: string[], only: string[]): ClusterContext[] {
  const existing = paths.filter((p) => fs.existsSync(p));
  if (existing.length === 0) {
    throw new Error(`no kubeconfig found (looked at ${paths.join(", ") || "nothing"}); set KUBECONFIG`);
  }
  const load = () => {
    const kc = new KubeConfig();
    kc.loadFromFile(existing[0]);
    for (const p of existing.slice(1)) {
      const more = new KubeConfig();
      more.loadFromFile(p);
      kc.mergeConfig(more, true);
    }
    // `aws eks get-token` users get their token from the dashboard itself (no aws CLI in the image).
    serveEksTokens(kc);
    return kc;
  };
  const all = load();
  const names = all.getContexts().map((c) => c.name);
  const unknown = only.filter((n) => !names.includes(n));
  if (unknown.length) {
    throw new Error(`contexts not in the kubeconfig: ${unknown.join(", ")} (available: ${names.join(", ")})`);
  }
  const chosen = only.length ? names.filter((n) => only.includes(n)) : names;
  return chosen.map((name) => {
    const kc = load();
    kc.setCurrentContext(name);
    const ctx = kc.getContextObject(name);
    return { name, kc, server: kc.getCurrentCluster()?.server ?? "", user: ctx?.user ?? "" };
  });
}

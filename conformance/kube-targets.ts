/**
 * KubeTarget: one Kubernetes API server the conformance suite runs against, either the
 * simulator (sim/kube) or a real kube-apiserver + etcd (realstack/), with the same identities
 * (realstack/identities.ts: admin, operator, viewer, dashboard), the same RBAC policy
 * (sim-rbac.ts derives the sim's from realstack/rbac.ts) and the real ACK CRDs.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { readVersions } from "../realstack/bins";
import { IDENTITIES, IDENTITY_SPECS, newTokens, type Identity, type IdentitySpec } from "../realstack/identities";
import { startRealStack } from "../realstack/start";
import { writeKubeconfig } from "../sim/kube/kubeconfig";
import { KubeApiSim } from "../sim/kube/server";
import { compactEtcd } from "./etcd";
import { conformancePolicy } from "./sim-rbac";

export type { Identity } from "../realstack/identities";
export { IDENTITIES } from "../realstack/identities";

export interface KubeTarget {
  name: "sim" | "real";
  /** https://127.0.0.1:<port> */
  url: string;
  kubeconfigs: Record<Identity, string>;
  /** Bearer tokens (secrets: never log them). */
  tokens: Record<Identity, string>;
  /** User and groups the API server authenticates each identity as. */
  identities: Record<Identity, IdentitySpec>;
  /** A fresh KubeConfig of an identity. */
  kc(id: Identity): KubeConfig;
  /** Forgets history: watches and continue tokens from older resourceVersions get 410. */
  compact(): Promise<void>;
  stop(): Promise<void>;
}

function loadKc(file: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  return kc;
}

/**
 * The simulator, over TLS like the real one. Bookmarks every 60 s only: a watcher's
 * resourceVersion then moves only with real events, as on the real target (etcd-served watches
 * send no bookmarks), so a resume after a compaction meets the 410 on both.
 */
export async function startSimKubeTarget(): Promise<KubeTarget> {
  const tokens = newTokens();
  const sim = new KubeApiSim({
    name: "conformance",
    tls: true,
    tokens: Object.fromEntries(IDENTITIES.map((id) => [tokens[id], IDENTITY_SPECS[id]])),
    policy: conformancePolicy(),
    bookmarkIntervalMs: 60_000,
    kubernetesVersion: readVersions().k8s,
  });
  await sim.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "conformance-sim-"));
  const kubeconfigs = {} as Record<Identity, string>;
  for (const id of IDENTITIES) {
    kubeconfigs[id] = path.join(dir, `${id}.kubeconfig`);
    writeKubeconfig(kubeconfigs[id], [{ name: `sim-${id}`, url: sim.url, token: tokens[id], user: id, caPem: sim.caPem }]);
  }
  return {
    name: "sim",
    url: sim.url,
    kubeconfigs,
    tokens,
    identities: IDENTITY_SPECS,
    kc: (id) => loadKc(kubeconfigs[id]),
    compact: async () => sim.store.compact(),
    async stop() {
      await sim.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** kube-apiserver v<K8S_VERSION> on etcd, without a watch cache so a compaction bites at once. */
export async function startRealKubeTarget(): Promise<KubeTarget> {
  const stack = await startRealStack({ watchCache: false });
  return {
    name: "real",
    url: stack.apiserverUrl,
    kubeconfigs: stack.kubeconfigs,
    tokens: stack.tokens,
    identities: IDENTITY_SPECS,
    kc: (id) => loadKc(stack.kubeconfigs[id]),
    compact: async () => void (await compactEtcd(stack.etcdUrl)),
    stop: () => stack.stop(),
  };
}

/**
 * What the real stack puts into a fresh kube-apiserver: the ACK Lambda controller's real CRDs
 * (crds/lambda-controller-v1.14.1, unchanged) waited for until Established, and the RBAC
 * objects of rbac.ts. Done as the admin identity.
 */
import fs from "node:fs";
import path from "node:path";
import {
  ApiextensionsV1Api,
  KubeConfig,
  KubernetesObjectApi,
  type KubernetesObject,
} from "@kubernetes/client-node";
import { parseAllDocuments } from "yaml";
import { REPO_ROOT } from "./bins";
import { rbacObjects } from "./rbac";

export const CRD_DIR = path.join(REPO_ROOT, "crds", "lambda-controller-v1.14.1");

export function adminClient(kubeconfigFile: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigFile);
  return kc;
}

/** Every CustomResourceDefinition document in the vendored CRD folder. */
export function loadCrds(dir = CRD_DIR): KubernetesObject[] {
  const crds: KubernetesObject[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, file), "utf8"))) {
      const obj = doc.toJS() as KubernetesObject | null;
      if (obj?.kind === "CustomResourceDefinition") crds.push(obj);
    }
  }
  if (crds.length === 0) throw new Error(`no CustomResourceDefinition found in ${dir}`);
  return crds;
}

export async function createObjects(kc: KubeConfig, objects: KubernetesObject[]): Promise<void> {
  const client = KubernetesObjectApi.makeApiClient(kc);
  for (const obj of objects) await client.create(obj);
}

/**
 * Waits until every named CRD has condition Established=True: only then does the apiserver
 * serve the new resource (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#create-a-customresourcedefinition).
 */
export async function waitEstablished(kc: KubeConfig, names: string[], timeoutMs: number): Promise<void> {
  const api = kc.makeApiClient(ApiextensionsV1Api);
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(names);
  while (pending.size > 0) {
    for (const name of [...pending]) {
      const crd = await api.readCustomResourceDefinition({ name });
      const established = crd.status?.conditions?.some((c) => c.type === "Established" && c.status === "True");
      if (established) pending.delete(name);
    }
    if (pending.size === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`CRDs not Established after ${timeoutMs} ms: ${[...pending].join(", ")}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Installs the CRDs (waiting for Established) and the RBAC objects. */
export async function setUpCluster(adminKubeconfig: string, timeoutMs = 30_000): Promise<void> {
  const kc = adminClient(adminKubeconfig);
  const crds = loadCrds();
  await createObjects(kc, crds);
  await createObjects(kc, rbacObjects());
  await waitEstablished(kc, crds.map((c) => c.metadata!.name!), timeoutMs);
}

/**
 * The controller's Deployment in a cluster: created when missing, its replicas reported
 * (the manifest itself is in deployment-manifest.ts).
 */
import type { V1Deployment } from "@kubernetes/client-node";
import {
  CONTROLLER_CHART_LABEL,
  CONTROLLER_IMAGE_REPO,
  CONTROLLER_NAMESPACE,
  CONTROLLER_VERSION_LABEL,
} from "@/lib/domain/ack";
import { httpStatusOf, MERGE_PATCH, type KubeIO } from "./kube-io";
import { CONTROLLER_DEPLOYMENT_NAME, controllerDeployment, controllerImage, type DeploymentSettings } from "./deployment-manifest";

export { CONTROLLER_DEPLOYMENT_NAME, CONTROLLER_LABEL_SELECTOR, controllerDeployment, controllerImage, type DeploymentSettings } from "./deployment-manifest";

/**
 * Creates the namespace and the Deployment when missing. An existing Deployment keeps its
 * replicas (an operator may have scaled it to 0) but gets this version's image and labels.
 */
export async function ensureControllerDeployment(kube: KubeIO, s: DeploymentSettings): Promise<V1Deployment> {
  const name = s.name ?? CONTROLLER_DEPLOYMENT_NAME;
  try {
    await kube.core.readNamespace({ name: CONTROLLER_NAMESPACE });
  } catch (err) {
    if (httpStatusOf(err) !== 404) throw err;
    try {
      await kube.core.createNamespace({ body: { metadata: { name: CONTROLLER_NAMESPACE } } });
    } catch (e) {
      if (httpStatusOf(e) !== 409) throw e;
    }
  }
  const wanted = controllerDeployment(s);
  try {
    const existing = await kube.apps.readNamespacedDeployment({ name, namespace: CONTROLLER_NAMESPACE });
    const sameImage = existing.spec?.template?.spec?.containers?.[0]?.image === controllerImage(s.version);
    if (sameImage && existing.metadata?.labels?.[CONTROLLER_VERSION_LABEL] === s.version) return existing;
    const body = { metadata: { labels: wanted.metadata!.labels }, spec: { template: wanted.spec!.template } };
    return await kube.apps.patchNamespacedDeployment({ name, namespace: CONTROLLER_NAMESPACE, body }, MERGE_PATCH);
  } catch (err) {
    if (httpStatusOf(err) !== 404) throw err;
  }
  return kube.apps.createNamespacedDeployment({ namespace: CONTROLLER_NAMESPACE, body: wanted });
}

/**
 * Plays the Deployment controller and kubelet of a real cluster: reports as many ready
 * replicas as the spec asks for. Best effort: a real API server's own controllers own this.
 */
export async function reportReplicas(kube: KubeIO, d: V1Deployment): Promise<void> {
  const want = d.spec?.replicas ?? 1;
  const st = d.status ?? {};
  if (st.replicas === want && (st.readyReplicas ?? 0) === want && (st.availableReplicas ?? 0) === want) return;
  const status = { replicas: want, readyReplicas: want, availableReplicas: want, updatedReplicas: want, observedGeneration: d.metadata?.generation };
  await kube.apps.patchNamespacedDeploymentStatus(
    { name: d.metadata!.name!, namespace: d.metadata!.namespace ?? CONTROLLER_NAMESPACE, body: { status } },
    MERGE_PATCH,
  );
}

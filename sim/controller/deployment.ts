/**
 * The controller's Deployment in `ack-system`, as the Helm chart `lambda-chart` installs it
 * (docs/ack-lambda-controller.md "The controller in the cluster"): name, container, image and labels are the
 * real ones, so the dashboard finds it by label or image like in a real cluster.
 */
import type { V1Deployment } from "@kubernetes/client-node";
import {
  CONTROLLER_CHART_LABEL,
  CONTROLLER_IMAGE_REPO,
  CONTROLLER_NAMESPACE,
  CONTROLLER_VERSION_LABEL,
} from "@/lib/domain/ack";
import { httpStatusOf, MERGE_PATCH, type KubeIO } from "./kube-io";
import { parseVersion } from "./versions";

/** Helm release "ack-lambda-controller" of chart "lambda-chart". */
export const CONTROLLER_DEPLOYMENT_NAME = "ack-lambda-controller-lambda-chart";
export const CONTROLLER_LABEL_SELECTOR = `${CONTROLLER_CHART_LABEL.key}=${CONTROLLER_CHART_LABEL.value}`;

/** Image tags have no "v" since 1.1.0. */
export function controllerImage(version: string): string {
  const [major, minor] = parseVersion(version);
  const tag = major > 1 || (major === 1 && minor >= 1) ? version : `v${version}`;
  return `${CONTROLLER_IMAGE_REPO}:${tag}`;
}

export interface DeploymentSettings {
  version: string;
  region: string;
  replicas: number;
  deletionPolicy: string;
  name?: string;
}

export function controllerDeployment(s: DeploymentSettings): V1Deployment {
  const labels = {
    [CONTROLLER_CHART_LABEL.key]: CONTROLLER_CHART_LABEL.value,
    "app.kubernetes.io/instance": "ack-lambda-controller",
    "app.kubernetes.io/managed-by": "Helm",
    [CONTROLLER_VERSION_LABEL]: s.version,
    "helm.sh/chart": `lambda-chart-${s.version}`,
    "k8s-app": "lambda-chart",
  };
  const selector = { [CONTROLLER_CHART_LABEL.key]: CONTROLLER_CHART_LABEL.value, "app.kubernetes.io/instance": "ack-lambda-controller" };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: s.name ?? CONTROLLER_DEPLOYMENT_NAME, namespace: CONTROLLER_NAMESPACE, labels },
    spec: {
      replicas: s.replicas,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: "ack-lambda-controller",
          containers: [
            {
              name: "controller",
              image: controllerImage(s.version),
              command: ["./bin/controller"],
              args: ["--aws-region", "$(AWS_REGION)", "--deletion-policy", "$(DELETION_POLICY)", "--log-level", "info", "--reconcile-default-resync-seconds", "36000"],
              env: [
                { name: "AWS_REGION", value: s.region },
                { name: "DELETION_POLICY", value: s.deletionPolicy },
                { name: "ACK_WATCH_NAMESPACE", value: "" },
              ],
              ports: [{ name: "http", containerPort: 8080 }],
            },
          ],
        },
      },
    },
  };
}

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

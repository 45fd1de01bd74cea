/**
 * The controller's Deployment in `ack-system`, as the Helm chart `lambda-chart` installs it
 * (docs/ack-lambda-controller.md "The controller in the cluster"): name, container, image and labels are the
 * real ones, so the dashboard finds it by label or image like in a real cluster. The manifest
 * only, without I/O: seeding a cluster needs it without loading @kubernetes/client-node.
 */
import type { V1Deployment } from "@kubernetes/client-node";
import {
  CONTROLLER_CHART_LABEL,
  CONTROLLER_IMAGE_REPO,
  CONTROLLER_NAMESPACE,
  CONTROLLER_VERSION_LABEL,
} from "@/lib/domain/ack";
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

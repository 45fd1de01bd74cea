import "server-only";
import type { ControllerInfo } from "@/lib/domain/wire/fleet";
import { CONTROLLER_CHART_LABEL, CONTROLLER_IMAGE_REPO, CONTROLLER_VERSION_LABEL } from "@/lib/domain/ack";

/**
 * Finds the ACK Lambda controller among Deployments: by the chart label or by the image,
 * never by a fixed name (Helm and kustomize installs name it differently; docs/ack-lambda-controller.md).
 */
interface DeploymentLike {
  metadata?: { name?: unknown; namespace?: unknown; labels?: Record<string, unknown> };
  spec?: { replicas?: unknown; template?: { spec?: { containers?: Array<{ name?: unknown; image?: unknown }> } } };
  status?: { readyReplicas?: unknown; replicas?: unknown };
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const int = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : null);

function controllerImage(d: DeploymentLike): string | null {
  const containers = Array.isArray(d.spec?.template?.spec?.containers) ? d.spec!.template!.spec!.containers! : [];
  for (const c of containers) {
    const image = str(c?.image);
    if (image && image.includes(CONTROLLER_IMAGE_REPO.split("/").slice(1).join("/"))) return image;
  }
  return null;
}

function isLambdaController(d: DeploymentLike): boolean {
  return d.metadata?.labels?.[CONTROLLER_CHART_LABEL.key] === CONTROLLER_CHART_LABEL.value || controllerImage(d) !== null;
}

/** Version from the version label, else from the image tag (tags lost their "v" in 1.1.0). */
export function controllerInfoFrom(deployments: unknown[]): ControllerInfo {
  const found = (deployments as DeploymentLike[]).find((d) => d && typeof d === "object" && isLambdaController(d));
  if (!found) {
    return { found: false, namespace: null, name: null, version: null, image: null, replicas: null, readyReplicas: null };
  }
  const image = controllerImage(found);
  const tag = image && image.includes(":") ? image.slice(image.lastIndexOf(":") + 1) : null;
  const version = str(found.metadata?.labels?.[CONTROLLER_VERSION_LABEL]) ?? tag;
  return {
    found: true,
    namespace: str(found.metadata?.namespace),
    name: str(found.metadata?.name),
    version: version ? version.replace(/^v/, "") : null,
    image,
    replicas: int(found.spec?.replicas),
    readyReplicas: int(found.status?.readyReplicas) ?? 0,
  };
}

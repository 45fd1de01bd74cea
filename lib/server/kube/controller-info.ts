import "server-only";
import type { ControllerInfo } from "@/lib/domain/wire/fleet";
import type { ControllerDeployment } from "@/lib/domain/wire/controllers";
import { CONTROLLER_CHART_LABEL, CONTROLLER_IMAGE_REPO, CONTROLLER_VERSION_LABEL } from "@/lib/domain/ack";
import { compareVersions, parseControllerVersion } from "@/lib/domain/controller-version";

/**
 * Finds the ACK Lambda controllers among Deployments: by the chart label or by the image,
 * never by a fixed name (Helm and kustomize installs name it differently;
 * docs/ack-lambda-controller.md). Every one found counts: a cluster may run several (one per
 * watched namespace, or a second install left behind), and the oldest decides the verdicts.
 */
interface DeploymentLike {
  metadata?: { name?: unknown; namespace?: unknown; labels?: Record<string, unknown> };
  spec?: { replicas?: unknown; template?: { metadata?: { labels?: Record<string, unknown> }; spec?: { containers?: Array<{ name?: unknown; image?: unknown }> } } };
  status?: { readyReplicas?: unknown; replicas?: unknown; updatedReplicas?: unknown };
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const int = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : null);
/** "aws-controllers-k8s/lambda-controller": the registry host may be a pull-through mirror. */
const IMAGE_PATH = CONTROLLER_IMAGE_REPO.split("/").slice(1).join("/");
/** The chart's helm.sh/chart label, "lambda-chart-1.7.3": ACK releases the chart with the controller's version. */
const CHART_LABEL = /^lambda-chart-(.+)$/;

function controllerImage(d: DeploymentLike): string | null {
  const containers = Array.isArray(d.spec?.template?.spec?.containers) ? d.spec!.template!.spec!.containers! : [];
  for (const c of containers) {
    const image = str(c?.image);
    if (image && image.includes(IMAGE_PATH)) return image;
  }
  return null;
}

function isLambdaController(d: DeploymentLike): boolean {
  return d.metadata?.labels?.[CONTROLLER_CHART_LABEL.key] === CONTROLLER_CHART_LABEL.value || controllerImage(d) !== null;
}

/** An image reference's tag and digest: "repo:1.7.3", "repo@sha256:…", "repo:1.7.3@sha256:…". */
export function imageRef(image: string | null): { tag: string | null; digest: string | null } {
  if (!image) return { tag: null, digest: null };
  const at = image.indexOf("@");
  const digest = at >= 0 ? image.slice(at + 1) : null;
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.lastIndexOf(":");
  // A colon before the last "/" is a registry port, not a tag.
  const tag = colon > name.lastIndexOf("/") ? name.slice(colon + 1) : null;
  return { tag, digest };
}

/**
 * The version of one controller Deployment and where it was read. The image tag says what runs
 * (a label may be stale after a `kubectl set image`); for an image pinned by digest only, the
 * labels the Helm chart puts on the Deployment and its pods (app.kubernetes.io/version,
 * helm.sh/chart) name the release the digest was taken from. Else unknown, with the digest.
 */
function versionOf(d: DeploymentLike, image: string | null): Pick<ControllerDeployment, "version" | "versionSource" | "digest"> {
  const { tag, digest } = imageRef(image);
  if (tag && parseControllerVersion(tag)) return { version: tag.replace(/^v/, ""), versionSource: "image-tag", digest };
  const labels = [d.metadata?.labels ?? {}, d.spec?.template?.metadata?.labels ?? {}];
  for (const l of labels) {
    const v = str(l[CONTROLLER_VERSION_LABEL]);
    if (v && parseControllerVersion(v)) return { version: v.replace(/^v/, ""), versionSource: "version-label", digest };
  }
  for (const l of labels) {
    const m = CHART_LABEL.exec(str(l["helm.sh/chart"]) ?? "");
    if (m && parseControllerVersion(m[1])) return { version: m[1].replace(/^v/, ""), versionSource: "chart-label", digest };
  }
  return { version: null, versionSource: null, digest };
}

/** Every ACK Lambda controller Deployment, by namespace and name. */
export function controllerDeploymentsFrom(deployments: unknown[]): ControllerDeployment[] {
  const out: ControllerDeployment[] = [];
  for (const d of deployments as DeploymentLike[]) {
    if (!d || typeof d !== "object" || !isLambdaController(d)) continue;
    const image = controllerImage(d);
    const labels = d.metadata?.labels ?? {};
    out.push({
      namespace: str(d.metadata?.namespace),
      name: str(d.metadata?.name),
      image,
      ...versionOf(d, image),
      replicas: int(d.spec?.replicas),
      readyReplicas: int(d.status?.readyReplicas) ?? 0,
      updatedReplicas: int(d.status?.updatedReplicas),
      helmRelease: labels["app.kubernetes.io/managed-by"] === "Helm" ? str(labels["app.kubernetes.io/instance"]) : null,
    });
  }
  return out.sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

const NOT_FOUND: ControllerInfo = { found: false, namespace: null, name: null, version: null, image: null, replicas: null, readyReplicas: null };

/**
 * The controller the verdicts name: the oldest known version among those found (any of them may
 * reconcile a given Function, and a known bug of the oldest is the one to warn of); one of
 * unknown version before a known one only when none is known.
 */
export function controllerForVerdicts(found: ControllerDeployment[]): ControllerInfo {
  if (found.length === 0) return NOT_FOUND;
  const known = found.filter((d) => d.version !== null);
  const pick = known.length ? known.reduce((a, b) => ((compareVersions(b.version, a.version) ?? 0) < 0 ? b : a)) : found[0];
  return { found: true, namespace: pick.namespace, name: pick.name, version: pick.version, image: pick.image, replicas: pick.replicas, readyReplicas: pick.readyReplicas };
}

/** The controller for verdicts, from a Deployment list (the CLI's check reads it once). */
export function controllerInfoFrom(deployments: unknown[]): ControllerInfo {
  return controllerForVerdicts(controllerDeploymentsFrom(deployments));
}

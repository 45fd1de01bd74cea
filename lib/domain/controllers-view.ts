/**
 * The controller page's data (GET /api/controllers): per cluster, every ACK Lambda controller
 * Deployment, the known bugs of their versions (lib/domain/controller-bugs.ts) with how many of
 * the cluster's Functions each affects now, whether one is below the configured minimum
 * (ACK_FLEET_MIN_CONTROLLER_VERSION), and the commands that upgrade a Helm-installed controller.
 * Pure.
 */
import { CONTROLLER_BUGS, firstVersionWithoutKnownBugs, functionsAffected, knownBugs } from "./controller-bugs";
import { compareVersions } from "./controller-version";
import type { ClusterControllers, ControllerDeployment, ControllersResponse } from "./wire/controllers";

export interface ControllersInput {
  clusters: Array<{ name: string; connected: boolean; controllers: ControllerDeployment[] | null }>;
  /** The rows of the fleet (their verdict reasons name the bugs that affect them). */
  rows: ReadonlyArray<{ cluster: string; verdict: { reasons: ReadonlyArray<{ code: string }> } }>;
  minimumVersion: string | null;
}

/** The chart and its registry, as the ACK install guide names them (aws-controllers-k8s.github.io/community/docs/user-docs/install/). */
const CHART = "oci://public.ecr.aws/aws-controllers-k8s/lambda-chart";

export function targetVersion(minimum: string | null): string {
  const clean = firstVersionWithoutKnownBugs();
  return minimum && (compareVersions(minimum, clean) ?? 0) > 0 ? minimum : clean;
}

/**
 * Helm does not upgrade the CRDs of a chart's crds/ folder (helm.sh/docs/chart_best_practices/custom_resource_definitions):
 * apply the release's CRDs first, then upgrade the release keeping its values.
 */
export function upgradeCommands(d: Pick<ControllerDeployment, "namespace" | "helmRelease">, to: string): string[] {
  const ns = d.namespace ?? "ack-system";
  const release = d.helmRelease ?? "ack-lambda-controller";
  return [
    `helm pull ${CHART} --version ${to} --untar --untardir lambda-chart-${to}`,
    `kubectl apply -f lambda-chart-${to}/lambda-chart/crds`,
    `helm upgrade ${release} ${CHART} --version ${to} --namespace ${ns} --reuse-values`,
  ];
}

function clusterView(c: ControllersInput["clusters"][number], rows: ControllersInput["rows"], min: string | null, to: string): ClusterControllers {
  const deployments = (c.controllers ?? []).map((d) => ({ ...d, knownBugIds: knownBugs(d.version)?.map((b) => b.id) ?? null }));
  const bugIds = new Set(deployments.flatMap((d) => d.knownBugIds ?? []));
  const affected = functionsAffected(rows.filter((r) => r.cluster === c.name));
  const versionUnknown = deployments.some((d) => d.version === null);
  const below = min === null ? null : deployments.some((d) => d.version !== null && (compareVersions(d.version, min) ?? 0) < 0) ? true : versionUnknown ? null : false;
  const needs = deployments.filter((d) => (d.knownBugIds?.length ?? 0) > 0 || (min !== null && d.version !== null && (compareVersions(d.version, min) ?? 0) < 0));
  return {
    cluster: c.name,
    connected: c.connected,
    deployments,
    knownBugs: CONTROLLER_BUGS.filter((b) => bugIds.has(b.id)).map((b) => ({
      id: b.id,
      title: b.title,
      symptom: b.symptom,
      fixedIn: b.fixedIn,
      citation: b.citation,
      affectedFunctions: affected[b.id] ?? 0,
    })),
    versionUnknown,
    belowMinimum: below,
    upgrade: needs.length ? { toVersion: to, commands: needs.flatMap((d) => upgradeCommands(d, to)) } : null,
  };
}

export function controllersView(input: ControllersInput): ControllersResponse {
  const to = targetVersion(input.minimumVersion);
  return {
    minimumVersion: input.minimumVersion,
    targetVersion: to,
    clusters: input.clusters.map((c) => clusterView(c, input.rows, input.minimumVersion, to)),
  };
}

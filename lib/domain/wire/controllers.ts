/**
 * GET /api/controllers: every cluster's ACK Lambda controller Deployments, the known bugs of
 * their versions with how many Functions each affects now, whether the cluster is below the
 * configured minimum version, and the upgrade command. Pure.
 */
import { z } from "zod";

/** One controller Deployment, as found by label or image. */
export const ControllerDeploymentSchema = z.object({
  namespace: z.string().nullable(),
  name: z.string().nullable(),
  image: z.string().nullable(),
  /** Null: unknown (an image pinned by digest whose release no label names). */
  version: z.string().nullable(),
  /** Where the version was read: the image tag, the app.kubernetes.io/version label, the helm.sh/chart label. */
  versionSource: z.enum(["image-tag", "version-label", "chart-label"]).nullable(),
  /** The image's digest when it is pinned by one. */
  digest: z.string().nullable(),
  replicas: z.number().int().nullable(),
  readyReplicas: z.number().int().nullable(),
  updatedReplicas: z.number().int().nullable(),
  /** The Helm release that installed it (app.kubernetes.io/instance of a Helm-managed Deployment). */
  helmRelease: z.string().nullable(),
});
export type ControllerDeployment = z.infer<typeof ControllerDeploymentSchema>;

const KnownBugSchema = z.object({
  id: z.string(),
  title: z.string(),
  symptom: z.string(),
  fixedIn: z.string(),
  citation: z.object({ issue: z.string(), fix: z.string(), release: z.string() }),
  /** Functions of this cluster whose verdict names this bug now. */
  affectedFunctions: z.number().int(),
});

const ClusterControllersSchema = z.object({
  cluster: z.string(),
  connected: z.boolean(),
  deployments: z.array(ControllerDeploymentSchema.extend({ knownBugIds: z.array(z.string()).nullable() })),
  /** The known bugs of any Deployment's version, each once. */
  knownBugs: z.array(KnownBugSchema),
  /** Some Deployment's version is unknown: its bugs cannot be told. */
  versionUnknown: z.boolean(),
  /** True: a Deployment is older than the minimum; null: no minimum, or a version unknown. */
  belowMinimum: z.boolean().nullable(),
  /** The commands that upgrade it, when it needs one (below the minimum or with known bugs). */
  upgrade: z.object({ toVersion: z.string(), commands: z.array(z.string()) }).nullable(),
});
export type ClusterControllers = z.infer<typeof ClusterControllersSchema>;

export const ControllersResponseSchema = z.object({
  /** ACK_FLEET_MIN_CONTROLLER_VERSION, when set. */
  minimumVersion: z.string().nullable(),
  /** The version to upgrade to: the minimum, or the first without any known bug, whichever is newer. */
  targetVersion: z.string(),
  clusters: z.array(ClusterControllersSchema),
});
export type ControllersResponse = z.infer<typeof ControllersResponseSchema>;

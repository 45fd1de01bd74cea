import "server-only";
import type { AwsState, ControllerInfo, DiagnoseSettings } from "@/lib/domain/schemas";
import type { LambdaDeleteApi } from "../aws/delete";
import type { ClusterContext } from "../kube/kubeconfig";

/**
 * What the remediation service needs from the rest of the server, as one interface: the
 * clusters (their kubeconfig context and controller), the AWS state the fleet last read, which
 * live Function objects name an AWS function, the verdict settings and the Lambda adapter.
 * The Fleet provides it in production (./instance.ts); tests may build it from a sim fleet.
 */
export interface ClusterHandle {
  ctx: ClusterContext;
  controller: ControllerInfo | null;
  namespaceAnnotations(namespace: string): Record<string, string> | undefined;
}

export interface AwsFunctionRef {
  accountId: string;
  region: string;
  functionName: string;
  arn?: string | null;
}

export interface RemediationWorld {
  cluster(name: string): ClusterHandle | null;
  clusterNames(): string[];
  /** The AWS state the fleet last read for a Function id ("cluster/ns/name"). */
  awsState(id: string): AwsState | null;
  /** Ask the fleet to re-read this Function in AWS soon (after a change). */
  nudge(id: string): void;
  /** Ids of live Function objects, in any cluster, that manage this AWS function. */
  liveOwners(ref: AwsFunctionRef): string[];
  settings: DiagnoseSettings;
  lambda: LambdaDeleteApi;
  now(): number;
}

import "server-only";
import type { FunctionFactsResult } from "@/lib/domain/function-object";
import type { AwsState, ControllerInfo } from "@/lib/domain/wire/fleet";
import type { DiagnoseSettings } from "@/lib/domain/diagnose-settings";
import type { LambdaDeleteApi } from "../aws/delete";
import type { Fleet } from "../fleet/fleet";
import type { ClusterContext } from "../kube/kubeconfig";

/**
 * What the remediation service needs from the rest of the server, as one interface: the
 * clusters (their kubeconfig context and controller), the AWS state the fleet last read, which
 * live Function objects name an AWS function, the verdict settings and the Lambda adapter.
 * fleetWorld() builds it from the Fleet (lib/server/app.ts); unit tests build plain fakes.
 */
export interface ClusterHandle {
  ctx: ClusterContext;
  controller: ControllerInfo | null;
  /** A fresh Function object of this cluster read as the fleet reads it (namespace annotations, default region). */
  readFunction(obj: unknown): FunctionFactsResult;
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

export function fleetWorld(fleet: Fleet, lambda: LambdaDeleteApi, now: () => number = Date.now): RemediationWorld {
  return {
    cluster(name) {
      const c = fleet.clusters.get(name);
      return c ? { ctx: c.ctx, controller: c.controller, readFunction: (obj) => fleet.readFunction(name, obj) } : null;
    },
    clusterNames: () => [...fleet.clusters.keys()],
    awsState: (id) => fleet.aws.get(id),
    nudge: (id) => fleet.aws.nudge(id),
    liveOwners(ref) {
      return fleet
        .rows()
        .filter((r) => r.accountId === ref.accountId && r.region === ref.region && (r.awsName === ref.functionName || (!!ref.arn && r.arn === ref.arn)))
        .map((r) => r.id);
    },
    get settings() {
      return fleet.settings;
    },
    lambda,
    now,
  };
}

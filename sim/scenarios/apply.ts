/**
 * Puts a fleet plan into the simulators directly (no HTTP): the AWS side into LambdaApiSim,
 * namespaces, the controller Deployment and the Functions into each KubeApiSim's store, with
 * their backdated timestamps and controller-written status.
 */
import { CONTROLLER_NAMESPACE } from "@/lib/domain/ack";
import { controllerDeployment } from "../controller/deployment-manifest";
import type { KubeApiSim, KubeObject } from "../kube/server";
import type { LambdaApiSim } from "../lambda/server";
import type { ClusterPlan, FleetPlan } from "./types";

export function seedLambda(lambda: LambdaApiSim, plan: FleetPlan): number {
  let n = 0;
  for (const cluster of plan.clusters) {
    for (const f of cluster.functions) {
      const aws = f.aws;
      if (!aws) continue;
      lambda.seedFunction(aws.accountId, aws.region, aws.config, { tags: aws.tags, force: aws.force, pendingMs: aws.pendingMs });
      n++;
    }
  }
  return n;
}

/** Namespaces with their annotations, the controller Deployment (1 ready replica), the Functions. */
export function seedCluster(kube: KubeApiSim, cluster: ClusterPlan, opts: { controllerReplicas?: number } = {}): number {
  for (const ns of cluster.namespaces) {
    kube.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns.name, annotations: { ...ns.annotations } } });
  }
  kube.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: CONTROLLER_NAMESPACE } });
  const replicas = opts.controllerReplicas ?? 1;
  const deployment = controllerDeployment({ version: cluster.controllerVersion, region: cluster.defaultRegion, replicas, deletionPolicy: "delete" });
  kube.store.put({
    ...(deployment as unknown as KubeObject),
    status: { observedGeneration: 1, replicas, readyReplicas: replicas, availableReplicas: replicas, updatedReplicas: replicas },
  });
  for (const f of cluster.functions) kube.store.put(f.object as unknown as KubeObject);
  return cluster.functions.length;
}

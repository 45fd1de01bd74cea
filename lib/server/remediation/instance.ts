import "server-only";
import { SdkLambdaDeleteApi } from "../aws/delete";
import { SdkLambdaReadApi, loadCredentialsFile } from "../aws/lambda-api";
import { getConfig } from "../config";
import type { Fleet } from "../fleet/fleet";
import { getFleet } from "../fleet/instance";
import { getAuditLog } from "../store/instance";
import { RemediationService } from "./service";
import type { RemediationWorld } from "./world";

/**
 * One RemediationService per server process, on globalThis like the Fleet (pending approvals and
 * rate-limit buckets must survive Next.js's module reloading in development).
 */
const KEY = Symbol.for("ack-lambda-fleet.remediation");
type Holder = { service?: RemediationService };
const holder = ((globalThis as Record<symbol, Holder>)[KEY] ??= {});

export function getRemediation(): RemediationService {
  if (holder.service) return holder.service;
  const config = getConfig();
  const fleet = getFleet();
  const sdk = new SdkLambdaReadApi({ endpoint: config.aws.endpoint, credentials: loadCredentialsFile(config.aws.credentialsFile) });
  const world = worldOf(fleet, new SdkLambdaDeleteApi((account, region) => sdk.client(account, region)));
  holder.service = new RemediationService(world, getAuditLog(), {
    twoPersonRule: config.twoPersonRule,
    approvalTtlMs: config.remediation.approvalTtlMs,
    writesPerMinute: config.remediation.writesPerMinute,
  });
  return holder.service;
}

export function worldOf(fleet: Fleet, lambda: RemediationWorld["lambda"], now: () => number = Date.now): RemediationWorld {
  return {
    cluster(name) {
      const c = fleet.clusters.get(name);
      return c ? { ctx: c.ctx, controller: c.controller, namespaceAnnotations: (ns) => c.namespaces.get(ns) } : null;
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

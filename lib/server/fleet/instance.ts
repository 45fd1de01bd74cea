import "server-only";
import { getConfig } from "../config";
import { loadClusterContexts } from "../kube/kubeconfig";
import { SdkLambdaReadApi, loadCredentialsFile } from "../aws/lambda-api";
import { getStores } from "../store/instance";
import { startTimelineRecording } from "../timeline/instance";
import { Fleet } from "./fleet";
import { redact } from "../kube/http";

/**
 * One Fleet per server process (with its timeline recorder), created on first use (or at boot
 * by instrumentation.ts), kept on globalThis so that Next.js's module reloading in development does not start a
 * second set of watches.
 */
const KEY = Symbol.for("ack-lambda-fleet.fleet");
type Holder = { fleet?: Fleet; error?: string };
const holder = ((globalThis as Record<symbol, Holder>)[KEY] ??= {});

export function getFleet(): Fleet {
  if (holder.fleet) return holder.fleet;
  if (holder.error) throw new FleetStartupError(holder.error);
  try {
    const config = getConfig();
    const contexts = loadClusterContexts(config.kubeconfigPaths, config.contexts);
    const lambda = new SdkLambdaReadApi({ endpoint: config.aws.endpoint, credentials: loadCredentialsFile(config.aws.credentialsFile) });
    const fleet = new Fleet(contexts, lambda, { settings: config.diagnose, aws: config.aws });
    // The timeline recorder listens from the first list on (a store error stops start-up here).
    const recording = startTimelineRecording(fleet, getStores(), { retentionMs: config.retentionMs });
    // The watches start once the recorder is ready, and also if it fails: the fleet works without history.
    void recording.ready
      .catch((err: Error) => console.error(`[timeline] not recording: ${redact(err.message)}`))
      .finally(() => fleet.start());
    holder.fleet = fleet;
    return fleet;
  } catch (err) {
    holder.error = (err as Error).message;
    throw new FleetStartupError(holder.error);
  }
}

export class FleetStartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FleetStartupError";
  }
}

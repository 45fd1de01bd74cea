/**
 * The targets of the conformance suite: each case runs against the simulators and against the
 * real servers. The simulated targets always run; the real ones run when their servers are available (availability.ts).
 */
import { motoOnlyAvailability, realStackAvailability, reportUnavailable, type Availability } from "./availability";
import { startMotoAwsTarget, startSimAwsTarget, type AwsTarget } from "./aws-targets";
import { startRealKubeTarget, startSimKubeTarget, type KubeTarget } from "./kube-targets";

export type { AwsTarget } from "./aws-targets";
export type { Identity, KubeTarget } from "./kube-targets";
export { IDENTITIES } from "./kube-targets";

export interface TargetFactory<T> {
  name: string;
  availability: Availability;
  start(): Promise<T>;
}

const ALWAYS: Availability = { available: true, reason: "" };

export const KUBE_TARGETS: TargetFactory<KubeTarget>[] = [
  { name: "sim", availability: ALWAYS, start: startSimKubeTarget },
  { name: "real", availability: realStackAvailability(), start: startRealKubeTarget },
];

export const AWS_TARGETS: TargetFactory<AwsTarget>[] = [
  { name: "sim", availability: ALWAYS, start: startSimAwsTarget },
  { name: "moto", availability: motoOnlyAvailability(), start: startMotoAwsTarget },
];

/** The targets that can run here; the others are reported (skipped, or failed under CI). */
export function runnable<T>(suite: string, targets: TargetFactory<T>[]): TargetFactory<T>[] {
  for (const t of targets) reportUnavailable(suite, t.name, t.availability);
  return targets.filter((t) => t.availability.available);
}

/** A lazily started target for one describe block: `get()` inside tests, started in beforeAll. */
export interface TargetHandle<T> {
  get(): T;
}

/**
 * The sentence that makes the time in the current state obvious, e.g. for the seed case:
 * "Pending in Kubernetes for 3 h 12 min while Active in AWS since 3 h 11 min".
 * Pure: `now` is passed in.
 */
import { LANE } from "@/lib/domain/timeline/entry";
import { currentValue, type Segment, type TimelineModel } from "@/lib/domain/timeline/lanes";
import { formatDuration } from "@/lib/domain/duration";

export interface CurrentState {
  text: string;
  /** True when one of the two starts is reconstructed from the object's timestamps. */
  reconstructed: boolean;
  differs: boolean;
}

const isReconstructed = (s: Segment | null) => s?.entry.source === "reconstructed";

export function currentStateSummary(model: TimelineModel, now: number): CurrentState | null {
  const k8s = currentValue(model, LANE.state);
  const aws = currentValue(model, LANE.awsState);
  const reconstructed = isReconstructed(k8s) || isReconstructed(aws);
  const age = (s: Segment) => formatDuration(now - s.since);
  if (k8s && aws) {
    if (k8s.value === aws.value) {
      return { text: `${k8s.value} in Kubernetes for ${age(k8s)} and in AWS for ${age(aws)}`, reconstructed, differs: false };
    }
    return { text: `${k8s.value} in Kubernetes for ${age(k8s)} while ${aws.value} in AWS since ${age(aws)}`, reconstructed, differs: true };
  }
  if (k8s) return { text: `${k8s.value} in Kubernetes for ${age(k8s)}; the live AWS state is not recorded yet`, reconstructed, differs: false };
  if (aws) return { text: `${aws.value} in AWS for ${age(aws)}; Kubernetes has no status.state`, reconstructed, differs: false };
  return null;
}

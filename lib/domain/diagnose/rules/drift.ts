/**
 * drift: the object says synced (ACK.ResourceSynced=True) but a fresh GetFunction disagrees:
 * the function is missing, in a state other than Active/Inactive, or runs other code than the
 * CodeSha256 the controller recorded in status.codeSHA256. With ResourceSynced=True the next
 * resync is hours away (Helm default 10 h), so ACK itself will not notice soon.
 */
import { CONDITION } from "../../ack";
import { isoOrNull } from "../../duration";
import { parseTime } from "../../safe-values";
import type { Reason } from "../../wire/fleet";
import { findCondition, isSettledState, isTrue } from "../../signals";
import type { DiagnoseContext, Finding } from "../context";
import { SOURCE } from "../reasons";

export function driftRule(ctx: DiagnoseContext): Finding | null {
  const { fn, aws } = ctx;
  if (!isTrue(findCondition(fn, CONDITION.synced)) || !aws.known || !aws.aws) return null;
  const live = aws.aws;
  const where = fn.region ? ` in ${fn.region}` : "";
  if (!live.exists) {
    return {
      health: "drift",
      summary: `Synced in Kubernetes, but ${fn.awsName ?? fn.name} does not exist in AWS${where}.`,
      since: isoOrNull(parseTime(live.observedAt)),
      reasons: [
        {
          code: "aws-function-missing",
          text: "The function was deleted outside Kubernetes, or the dashboard reads another account or region than the controller. The controller recreates it only at its next resync (default every 10 h).",
        },
      ],
    };
  }
  const reasons: Reason[] = [];
  // Failed is the failed rule's business; Pending outlasting pendingTimeout is stuck's.
  if (!isSettledState(live.state) && live.state !== "Failed") {
    reasons.push({
      code: "aws-state-differs",
      text: `Kubernetes says ${fn.statusState ?? "synced"}, AWS says ${live.state ?? "no state"}: the function was changed outside Kubernetes.`,
      source: SOURCE.lambdaStates,
    });
  }
  if (fn.codeSHA256 && live.codeSha256 && fn.codeSHA256 !== live.codeSha256) {
    reasons.push({
      code: "code-hash-differs",
      text: `AWS runs code ${live.codeSha256.slice(0, 12)}…, the object recorded ${fn.codeSHA256.slice(0, 12)}…: the code was changed outside Kubernetes.`,
    });
  }
  if (!reasons.length) return null;
  const summary =
    reasons[0].code === "aws-state-differs"
      ? `Synced in Kubernetes (${fn.statusState ?? "no state"}), but AWS says ${live.state ?? "no state"}.`
      : "Synced in Kubernetes, but AWS runs different code (CodeSha256 differs).";
  return { health: "drift", summary, since: isoOrNull(parseTime(live.lastModified)), reasons };
}

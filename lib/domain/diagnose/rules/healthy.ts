/**
 * healthy: ACK.ResourceSynced=True, status.state Active or Inactive (what the controller
 * v1.6.3+ counts as synced), and a fresh GetFunction that agrees: the function exists,
 * is Active or Inactive, no update is running or failed, nothing is being deleted.
 */
import { CONDITION } from "../../ack";
import { isoOrNull } from "../../duration";
import { conditionSince, findCondition, isSettledState, isTrue } from "../../signals";
import type { DiagnoseContext, Finding } from "../context";

export function healthyRule(ctx: DiagnoseContext): Finding | null {
  const { fn, aws } = ctx;
  const synced = findCondition(fn, CONDITION.synced);
  const live = aws.known ? aws.aws : null;
  if (
    !isTrue(synced) ||
    !isSettledState(fn.statusState) ||
    fn.deletionTimestamp !== null ||
    isTrue(findCondition(fn, CONDITION.terminal)) ||
    isTrue(findCondition(fn, CONDITION.recoverable)) ||
    !live?.exists ||
    !isSettledState(live.state) ||
    live.lastUpdateStatus === "InProgress" ||
    live.lastUpdateStatus === "Failed" ||
    (fn.codeSHA256 && live.codeSha256 && fn.codeSHA256 !== live.codeSha256)
  ) {
    return null;
  }
  return { health: "healthy", summary: `Synced; ${live.state} in AWS.`, since: isoOrNull(conditionSince(fn, synced)), reasons: [] };
}

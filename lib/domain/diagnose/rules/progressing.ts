/**
 * progressing: something is under way and still within its time budget (docs/architecture.md
 * "Verdicts"): not settled for less than pendingTimeout (Synced False/Unknown, Pending,
 * Recoverable), deletion requested less than deletionTimeout ago, or Lambda applying an update
 * (LastUpdateStatus InProgress). An unsettled object with no known start time also lands here:
 * without a time, "stuck" cannot be proven.
 */
import { formatDuration, isoOrNull } from "../../duration";
import { parseTime } from "../../safe-values";
import type { Reason } from "../../wire/fleet";
import { awsLabel, deletionOverdue, deletionRequestedAt, earliest } from "../../signals";
import { type DiagnoseContext, type Finding, controllerMessage, overdue, quote, unsettled } from "../context";
import { SOURCE } from "../reasons";

export function progressingRule(ctx: DiagnoseContext): Finding | null {
  const { fn, now } = ctx;
  const parts: Array<{ summary: string; since: number | null; reason: Reason }> = [];

  const requested = deletionRequestedAt(fn);
  if (requested !== null && !deletionOverdue(fn, now, ctx.settings)) {
    parts.push({
      summary: `Deletion requested ${formatDuration(now - requested)} ago; waiting for the controller to finish.`,
      since: requested,
      reason: {
        code: "deletion-in-progress",
        text: `The controller deletes ${awsLabel(fn)} (unless deletion-policy is retain) and then removes its finalizer.`,
        source: SOURCE.runtimeDelete,
      },
    });
  }

  const u = unsettled(ctx);
  // No status at all is `unknown` until it is overdue (then stuck says so). While deleting,
  // the sync conditions describe delete attempts: the deletion part above speaks for them.
  if (u && !u.neverReconciled && requested === null && !overdue(u.since, ctx, ctx.settings.pendingTimeoutMs)) {
    const pending = u.k8sPending || u.awsPending;
    const duration = u.since === null ? "" : ` for ${formatDuration(now - u.since)}`;
    const message = controllerMessage(ctx);
    parts.push({
      summary: pending ? `Pending${duration}.` : `Syncing${duration}${message ? `: ${quote(message)}` : "."}`,
      since: u.since,
      reason: {
        code: pending ? "pending" : "sync-in-progress",
        text: pending
          ? "The function is Pending; Lambda normally makes it Active within minutes."
          : `The controller has not confirmed the sync yet${message ? `: "${quote(message, 500)}"` : ""}.`,
        source: SOURCE.conditions,
      },
    });
  }

  const live = ctx.aws.known ? ctx.aws.aws : null;
  const updating = live ? live.exists && live.lastUpdateStatus === "InProgress" : fn.lastUpdateStatus === "InProgress";
  if (updating) {
    parts.push({
      summary: "Lambda is applying an update (LastUpdateStatus InProgress).",
      since: earliest([parseTime(live ? live.lastModified : fn.lastModified)]),
      reason: { code: "update-in-progress", text: "LastUpdateStatus is InProgress: Lambda is applying the last update.", source: SOURCE.lambdaStates },
    });
  }

  if (!parts.length) return null;
  return { health: "progressing", summary: parts[0].summary, since: isoOrNull(parts[0].since), reasons: parts.map((p) => p.reason) };
}

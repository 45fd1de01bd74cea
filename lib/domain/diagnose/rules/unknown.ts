/**
 * unknown: nothing worse is known, and either the controller has not written a status yet or
 * AWS could not be read (never read, read failed, observation older than awsStaleAfterMs).
 * The summary says what is known from Kubernetes. It is also the fallback when no rule
 * matches, so every function gets a verdict.
 */
import { CONDITION } from "../../ack";
import { formatDuration } from "../../duration";
import { parseTime } from "../../safe-values";
import { findCondition } from "../../signals";
import type { DiagnoseContext, Finding } from "../context";
import { awsUnreadableReason } from "../reasons";

export function unknownRule(ctx: DiagnoseContext): Finding | null {
  const { fn, aws, now } = ctx;
  if (!fn.hasStatus) {
    const created = parseTime(fn.creationTimestamp);
    return {
      health: "unknown",
      summary: `No status yet: the controller has not reconciled this object${created === null ? "" : ` (created ${formatDuration(now - created)} ago)`}.`,
      since: fn.creationTimestamp,
      reasons: [{ code: "no-status", text: "The controller has not written any status for this object yet." }],
    };
  }
  if (aws.known) return null;
  return {
    health: "unknown",
    summary: `${kubernetesView(ctx)}; AWS state unknown: ${aws.unknownBecause}.`,
    since: null,
    reasons: [awsUnreadableReason(ctx)],
  };
}

/** What Kubernetes says, in a few words. */
function kubernetesView(ctx: DiagnoseContext): string {
  const synced = findCondition(ctx.fn, CONDITION.synced);
  const state = ctx.fn.statusState ? ` (${ctx.fn.statusState})` : "";
  if (synced?.status === "True") return `Synced in Kubernetes${state}`;
  if (synced) return `Not synced in Kubernetes${state}`;
  return `No sync condition in Kubernetes${state}`;
}

/** When no rule at all matched: say so rather than guess. */
export function unclassified(ctx: DiagnoseContext): Finding {
  return {
    health: "unknown",
    summary: `${kubernetesView(ctx)}; AWS says ${ctx.aws.aws?.state ?? "nothing"}: no rule classifies this combination.`,
    since: null,
    reasons: [{ code: "unclassified", text: "The object and AWS agree on nothing this dashboard knows how to judge; compare both views." }],
  };
}

/**
 * stuck: not settled for longer than pendingTimeout (docs/architecture.md "Verdicts"): Pending in
 * Kubernetes or AWS, ACK.Recoverable=True, ACK.ResourceSynced not True, or no status at all.
 * Tells the stale Pending of controllers < 1.7.4 (community#2433) apart from a function that
 * AWS really keeps Pending, and explains throttling (Lambda control-plane quota).
 */
import { CONDITION } from "../../ack";
import { formatDuration, isoOrNull } from "../../duration";
import { explainReasonCode } from "../../lambda-reason-codes";
import type { Reason } from "../../wire/fleet";
import { conditionText, findCondition, isThrottlingText, stalePending } from "../../signals";
import { type DiagnoseContext, type Finding, type Unsettled, controllerMessage, overdue, quote, unsettled } from "../context";
import { SOURCE, controllerReason, stalePendingReason } from "../reasons";

export function stuckRule(ctx: DiagnoseContext): Finding | null {
  const u = unsettled(ctx);
  if (!u || !overdue(u.since, ctx, ctx.settings.pendingTimeoutMs)) return null;
  const age = formatDuration(ctx.now - u.since!);
  const primary = classify(ctx, u, age);
  const reasons = [primary.reason, controllerReason(ctx)].filter((r): r is Reason => r !== null);
  return { health: "stuck", summary: primary.summary, since: isoOrNull(u.since), reasons };
}

function classify(ctx: DiagnoseContext, u: Unsettled, age: string): { summary: string; reason: Reason } {
  const { aws, controller, fn } = ctx;
  if (u.neverReconciled) {
    return {
      summary: `No status ${age} after creation: the controller has not reconciled this object.`,
      reason: {
        code: "never-reconciled",
        text: "The controller never wrote a status: it is not running, does not watch this namespace, or cannot pick a role or account for it (CARM). Check its logs.",
        source: SOURCE.conditions,
      },
    };
  }
  if (stalePending(fn, aws)) {
    const state = aws.aws?.state;
    const summary =
      controller.pendingBug === true
        ? `Stuck Pending for ${age}: AWS says ${state}, ${controller.label} holds a stale Pending (bug fixed in 1.7.4).`
        : controller.pendingBug === null
          ? `Stuck Pending for ${age}: AWS says ${state} but Kubernetes still says Pending (controller version unknown).`
          : `Stuck Pending for ${age}: AWS says ${state} but ${controller.label} still reports Pending.`;
    return { summary, reason: stalePendingReason(ctx)! };
  }
  if (u.awsPending) {
    const code = aws.aws?.stateReasonCode ?? null;
    return {
      summary: `Pending in AWS for ${age}${code ? ` (${code})` : ""}.`,
      reason: {
        code: "aws-pending",
        text:
          `AWS itself reports State Pending${code ? ` with reason code ${code}` : ""}: ${explainReasonCode(code)}` +
          `${aws.aws?.stateReason ? ` AWS says: "${quote(aws.aws.stateReason)}".` : ""} Lambda normally leaves Pending within minutes.`,
        source: SOURCE.lambdaStates,
      },
    };
  }
  if (u.k8sPending && aws.known && !aws.aws?.exists) {
    return {
      summary: `Pending in Kubernetes for ${age}, but AWS has no such function.`,
      reason: {
        code: "pending-aws-missing",
        text: "Kubernetes holds Pending for a function AWS does not know: it was deleted outside Kubernetes, or the dashboard reads another account or region than the controller.",
      },
    };
  }
  if (u.k8sPending && !aws.known) {
    return {
      summary: `Pending in Kubernetes for ${age}; AWS state unknown.`,
      reason: {
        code: "pending-aws-unknown",
        text: `Kubernetes holds Pending, and ${aws.unknownBecause}: whether AWS is really Pending or the controller holds a stale Pending (bug of controllers before 1.7.4) cannot be told yet.`,
        source: SOURCE.pendingBug,
      },
    };
  }
  const message = controllerMessage(ctx);
  if (u.recoverable && isThrottlingText(message)) {
    return {
      summary: `Not synced for ${age}: AWS is throttling the controller (TooManyRequests).`,
      reason: {
        code: "throttled",
        text: "Lambda rejects the controller's calls with TooManyRequestsException: the account's control-plane quota (15 requests/s for all calls but GetFunction, per region, not raisable) is used up. The controller retries by itself; reduce other callers in this account and region.",
        source: SOURCE.lambdaQuotas,
      },
    };
  }
  if (u.recoverable) {
    return {
      summary: `Not synced for ${age}: ${quote(message || "recoverable error")}`,
      reason: { code: "recoverable-error", text: `The controller keeps retrying an error: "${quote(message, 500)}".`, source: SOURCE.conditions },
    };
  }
  const synced = findCondition(fn, CONDITION.synced);
  const text = conditionText(synced) || (u.k8sPending ? "Pending" : `ACK.ResourceSynced=${synced?.status ?? "absent"}`);
  return {
    summary: `Not synced for ${age}: ${quote(text)}`,
    reason: {
      code: "not-synced",
      text: `ACK.ResourceSynced is ${synced?.status ?? "absent"}: "${quote(text, 500)}".`,
      source: SOURCE.conditions,
    },
  };
}

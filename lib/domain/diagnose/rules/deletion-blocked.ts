/**
 * deletion-blocked: deletion was requested longer ago than deletionTimeout and a finalizer
 * still holds the object. The ACK runtime removes finalizers.lambda.services.k8s.aws/Function
 * only after DeleteFunction succeeded, GetFunction said NotFound, or right away with
 * deletion-policy retain; every other outcome keeps it and requeues (docs/ack-lambda-controller.md
 * "Finalizer and deletion"). The ACK finalizer is the case this verdict exists for; a deletion
 * held only by other finalizers is reported here too, because it is just as blocked and the
 * operator must know that ACK is not the culprit.
 */
import { ACK_FUNCTION_FINALIZER } from "../../ack";
import { formatDuration } from "../../duration";
import type { Reason } from "../../wire/fleet";
import {
  deletionOverdue,
  deletionRequestedAt,
  hasAckFinalizer,
  isDeletingMessage,
  otherFinalizers,
  stalePending,
} from "../../signals";
import { type DiagnoseContext, type Finding, controllerMessage, quote } from "../context";
import { SOURCE, awsPresenceReason, controllerReason, stalePendingReason } from "../reasons";

export function deletionBlockedRule(ctx: DiagnoseContext): Finding | null {
  const { fn, now } = ctx;
  if (!deletionOverdue(fn, now, ctx.settings)) return null;
  const others = otherFinalizers(fn);
  const ack = hasAckFinalizer(fn);
  if (!ack && others.length === 0) return null;
  const age = formatDuration(now - deletionRequestedAt(fn)!);

  if (!ack) {
    return {
      health: "deletion-blocked",
      summary: `Deletion requested ${age} ago is held by other finalizers (${others.join(", ")}); ACK has already let go.`,
      since: fn.deletionTimestamp,
      reasons: [
        {
          code: "other-finalizers",
          text: `Only other finalizers remain: ${others.join(", ")}. Their owners must release them; the ACK actions cannot help.`,
        },
      ],
    };
  }

  const reasons: Reason[] = [
    {
      code: "ack-finalizer-present",
      text: `The finalizer ${ACK_FUNCTION_FINALIZER} is still set: the controller removes it only after DeleteFunction succeeded or AWS reports the function gone (or at once with deletion-policy retain).`,
      source: SOURCE.runtimeDelete,
    },
  ];
  const push = (r: Reason | null) => r && reasons.push(r);
  if (others.length) {
    push({ code: "other-finalizers", text: `Other finalizers stay until their owners remove them: ${others.join(", ")}.` });
  }
  push(controllerReason(ctx));
  if (ctx.controller.state === "unknown") {
    push({ code: "controller-unknown", text: "The controller's state in this cluster is unknown." });
  }
  push(awsPresenceReason(ctx));
  const pendingReason = stalePendingReason(ctx);
  push(pendingReason);
  const message = controllerMessage(ctx);
  if (message && !pendingReason) {
    push({ code: "controller-error", text: `The controller's last attempt reports: "${quote(message, 500)}".`, source: SOURCE.conditions });
  }
  if (fn.deletionPolicy === "retain") {
    push({
      code: "deletion-policy-retain",
      text: "deletion-policy is retain, so a reconciling controller would have let go without touching AWS: it is not reconciling this object.",
      source: SOURCE.runtimeDelete,
    });
  }
  return {
    health: "deletion-blocked",
    summary: `Deletion requested ${age} ago is held by the ACK finalizer: ${blockingCause(ctx)}.`,
    since: fn.deletionTimestamp,
    reasons,
  };
}

/** The most likely cause, in the order an operator should check it. */
function blockingCause(ctx: DiagnoseContext): string {
  const { controller, aws } = ctx;
  if (controller.state === "down" || controller.state === "not-found") return "no controller is running";
  if (stalePending(ctx.fn, aws) && controller.pendingBug === true) {
    return `${controller.label} refuses to delete a function it believes Pending (bug fixed in 1.7.4)`;
  }
  if (aws.known && aws.aws && !aws.aws.exists) return "AWS has no such function, yet the controller has not released the object";
  const message = controllerMessage(ctx);
  if ((aws.known && aws.aws?.state === "Deleting") || isDeletingMessage(message)) return "AWS is still deleting the function";
  if (message) return `the controller reports "${quote(message)}"`;
  return "the controller has not released it";
}

/** Reasons more than one rule gives, worded once. */
import { PENDING_BUG_FIXED_IN } from "../ack";
import type { Reason } from "../wire/fleet";
import { awsLabel, stalePending } from "../signals";
import { type DiagnoseContext, quote } from "./context";

export const SOURCE = {
  pendingBug: "aws-controllers-k8s/community#2433; fixed in lambda-controller v1.7.4 (PR 174)",
  runtimeDelete: "ACK runtime reconciler deleteResource: finalizer removed after DeleteFunction or NotFound",
  conditions: "ACK runtime pkg/condition and pkg/runtime/reconciler.go ensureConditions",
  lambdaStates: "AWS Lambda API reference, FunctionConfiguration State / StateReasonCode",
  lambdaQuotas: "AWS Lambda quotas: control plane API requests",
  controllerLookup: "lambda-controller Helm chart lambda-chart: Deployment labelled app.kubernetes.io/name=lambda-chart, image public.ecr.aws/aws-controllers-k8s/lambda-controller",
} as const;

/** Controller down or missing: nothing will reconcile this object. */
export function controllerReason(ctx: DiagnoseContext): Reason | null {
  const info = ctx.controllerInfo;
  if (ctx.controller.state === "down") {
    const where = info?.namespace && info.name ? ` (${info.namespace}/${info.name})` : "";
    return {
      code: "controller-down",
      text: `The ACK Lambda ${ctx.controller.label}${where} has no ready replica: nothing reconciles Functions in this cluster until it runs again.`,
      source: SOURCE.controllerLookup,
    };
  }
  if (ctx.controller.state === "not-found") {
    return {
      code: "controller-not-found",
      text: "No ACK Lambda controller Deployment was found in this cluster (looked up by chart label and image): nothing reconciles Functions.",
      source: SOURCE.controllerLookup,
    };
  }
  return null;
}

/**
 * Kubernetes holds Pending while AWS is Active/Inactive. Below 1.7.4 that is the known bug;
 * with a fixed controller it should clear at the next reconcile.
 */
export function stalePendingReason(ctx: DiagnoseContext): Reason | null {
  if (!stalePending(ctx.fn, ctx.aws)) return null;
  const awsState = ctx.aws.aws?.state ?? "Active";
  const { label, pendingBug } = ctx.controller;
  if (pendingBug === true) {
    return {
      code: "pending-bug",
      text:
        `AWS reports the function ${awsState}, but ${label} still holds a stale Pending: controllers before ` +
        `${PENDING_BUG_FIXED_IN} check the object's old status.state instead of the state just read from AWS and ` +
        `refuse every update and delete. Lasting fix: upgrade the controller to ${PENDING_BUG_FIXED_IN} or later. ` +
        `Way out for this object: request its deletion, then remove the finalizer.`,
      source: SOURCE.pendingBug,
    };
  }
  if (pendingBug === null) {
    return {
      code: "stale-pending",
      text:
        `AWS reports the function ${awsState}, but Kubernetes still holds Pending. The controller version is unknown: ` +
        `if it is older than ${PENDING_BUG_FIXED_IN}, this is the known stale-Pending bug (upgrade to fix it; ` +
        `request its deletion, then remove the finalizer, to free it).`,
      source: SOURCE.pendingBug,
    };
  }
  return {
    code: "stale-pending",
    text:
      `AWS reports the function ${awsState}, but Kubernetes still holds Pending although ${label} has the fix ` +
      `for the stale-Pending bug: it should clear at the next reconcile; if it does not, check the controller's logs.`,
    source: SOURCE.pendingBug,
  };
}

/** Whether the AWS function is still there, for deletion texts. */
export function awsPresenceReason(ctx: DiagnoseContext): Reason {
  if (!ctx.aws.known) return awsUnreadableReason(ctx);
  const aws = ctx.aws.aws!;
  if (!aws.exists) {
    return {
      code: "aws-function-gone",
      text: "AWS has no such function any more: a reconciling controller would release the object at its next attempt, and removing the finalizer orphans nothing.",
      source: SOURCE.runtimeDelete,
    };
  }
  return {
    code: "aws-function-exists",
    text: `${capitalise(awsLabel(ctx.fn))} still exists (State ${aws.state ?? "unknown"}).`,
  };
}

/** AWS could not be read (never, failed, too old): what is known about why. */
export function awsUnreadableReason(ctx: DiagnoseContext): Reason {
  const error = ctx.aws.aws?.error;
  return {
    code: "aws-unreadable",
    text: `AWS state unknown: ${ctx.aws.unknownBecause}${error ? ` ("${quote(error.message)}")` : ""}.`,
  };
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

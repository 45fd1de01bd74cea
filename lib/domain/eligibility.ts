/**
 * eligibility(): may a remediation action run now, and what must the operator know first
 * (docs/architecture.md "Remediation guards"). Pure; the server re-runs it at execution time. A blocker makes
 * the action unavailable; a warning is shown before the operator confirms.
 */
import { ACK_FUNCTION_FINALIZER, ACK_TAG, ANNOTATION, PENDING_BUG_FIXED_IN } from "./ack";
import { formatDuration } from "./duration";
import type { FunctionFacts } from "./function-object";
import { ACTION_VALUES, type RemediationAction } from "./remediation/actions";
import type { AwsState, ControllerInfo } from "./wire/fleet";
import type { DiagnoseSettings } from "./diagnose-settings";
import {
  type AwsView,
  type ControllerView,
  awsLabel,
  awsView,
  controllerView,
  deletionOverdue,
  deletionRequestedAt,
  hasAckFinalizer,
  otherFinalizers,
  stalePending,
} from "./signals";

export { compareVersions, hasPendingBug } from "./controller-version";

export interface Eligibility {
  allowed: boolean;
  blockers: string[];
  warnings: string[];
}

/** What the checks read: the AWS state and the controller already made into views (signals.ts). */
export interface EligibilityInputs {
  fn: FunctionFacts | null;
  aws: AwsView;
  controller: ControllerView;
  now: number;
  settings: DiagnoseSettings;
}

type Check = (i: EligibilityInputs, blockers: string[], warnings: string[]) => void;

const CHECKS: Record<RemediationAction, Check> = {
  "request-deletion": requestDeletion,
  "retain-and-delete": retainAndDelete,
  "remove-finalizer": removeFinalizer,
  "delete-aws-function": deleteAwsFunction,
};

export function eligibility(
  action: RemediationAction,
  fn: FunctionFacts | null,
  aws: AwsState | null,
  controller: ControllerInfo | null,
  now: number,
  settings: DiagnoseSettings,
): Eligibility {
  return eligibilityOf(action, { fn, aws: awsView(aws, now, settings), controller: controllerView(controller), now, settings });
}

/**
 * eligibility() from views made once: a verdict asks it for every action with the views its
 * rules already made (diagnose/index.ts), rather than parsing the controller's version and
 * reading the AWS state again per action.
 */
export function eligibilityOf(action: RemediationAction, inputs: EligibilityInputs): Eligibility {
  const blockers: string[] = [];
  const warnings: string[] = [];
  const check = Object.prototype.hasOwnProperty.call(CHECKS, action) ? CHECKS[action] : null;
  if (!check) return { allowed: false, blockers: [`Unknown action "${String(action).slice(0, 40)}".`], warnings };
  check(inputs, blockers, warnings);
  return { allowed: blockers.length === 0, blockers, warnings };
}

export function allEligibility(
  fn: FunctionFacts | null,
  aws: AwsState | null,
  controller: ControllerInfo | null,
  now: number,
  settings: DiagnoseSettings,
): Record<RemediationAction, Eligibility> {
  return Object.fromEntries(
    ACTION_VALUES.map((action) => [action, eligibility(action, fn, aws, controller, now, settings)]),
  ) as Record<RemediationAction, Eligibility>;
}

const GONE = "The Kubernetes object no longer exists.";

function controllerNotRunning(c: ControllerView): boolean {
  return c.state === "down" || c.state === "not-found";
}

/** The Pending bug is acting on this object right now (controller < 1.7.4, stale Pending). */
function pendingBugActive(i: EligibilityInputs): boolean {
  return !!i.fn && i.controller.pendingBug === true && stalePending(i.fn, i.aws);
}

function othersWarning(fn: FunctionFacts, warnings: string[]): void {
  const others = otherFinalizers(fn);
  if (others.length) warnings.push(`Other finalizers stay: ${others.join(", ")}.`);
}

/** Delete the Function: the controller then deletes the AWS function unless the policy is retain. */
function requestDeletion(i: EligibilityInputs, blockers: string[], warnings: string[]): void {
  const { fn } = i;
  if (!fn) return void blockers.push(GONE);
  const requested = deletionRequestedAt(fn);
  if (requested !== null) {
    blockers.push(`Deletion was already requested ${formatDuration(i.now - requested)} ago (${fn.deletionTimestamp}).`);
  }
  if (fn.deletionPolicy === "retain") {
    warnings.push(`deletion-policy is retain (set on the ${fn.deletionPolicySource}): the controller will leave ${awsLabel(fn)} in AWS.`);
  } else {
    warnings.push(`The controller will delete ${awsLabel(fn)} in AWS (no retain deletion-policy is visible; the controller's own flag cannot be seen from here).`);
  }
  if (controllerNotRunning(i.controller)) {
    warnings.push("No controller is running: the object will stay Terminating with its finalizer until one runs again.");
  } else if (i.controller.state === "unknown") {
    warnings.push("The controller's state is unknown: if none is running, the object will stay Terminating.");
  }
  if (pendingBugActive(i)) {
    warnings.push(
      `${capitalise(i.controller.label)} has the Pending bug and refuses to delete a function it believes Pending: the deletion will block, and remove-finalizer will be needed after ${formatDuration(i.settings.deletionTimeoutMs)}.`,
    );
  }
  othersWarning(fn, warnings);
}

/**
 * Set deletion-policy retain, then delete: the supported way to let go (docs/ack-lambda-controller.md). It only
 * works while a controller reconciles the object, so it is BLOCKED (not merely warned about)
 * when no controller runs, or when the Pending bug is acting (controllers < 1.7.4 refuse every
 * change to a function they believe Pending and never reach the deletion-policy check): the
 * action's promise could not be kept, and the operator should pick remove-finalizer knowingly.
 */
function retainAndDelete(i: EligibilityInputs, blockers: string[], warnings: string[]): void {
  const { fn } = i;
  if (!fn) return void blockers.push(GONE);
  const requested = deletionRequestedAt(fn);
  if (requested !== null && fn.deletionPolicy === "retain") {
    blockers.push("Deletion with deletion-policy retain was already requested and the controller has not let go: use remove-finalizer.");
  }
  if (requested !== null && !hasAckFinalizer(fn)) {
    blockers.push("Deletion was requested and the ACK finalizer is already gone: ACK has let go, the retain policy would change nothing.");
  }
  if (controllerNotRunning(i.controller)) {
    blockers.push("No controller is running, so nothing would apply the retain policy: the object would stay Terminating. Start the controller, or request deletion and then remove the finalizer.");
  }
  if (pendingBugActive(i)) {
    blockers.push(
      `${capitalise(i.controller.label)} has the Pending bug (aws-controllers-k8s/community#2433): it refuses every change to a function it believes Pending and never reaches the deletion-policy check. Upgrade to ${PENDING_BUG_FIXED_IN}+, or request deletion and then remove the finalizer.`,
    );
  } else if (i.controller.pendingBug === null && i.fn && stalePending(i.fn, i.aws)) {
    warnings.push(`Kubernetes holds a stale Pending: if the controller is older than ${PENDING_BUG_FIXED_IN} it will not get as far as the retain policy.`);
  }
  if (i.controller.state === "unknown") {
    warnings.push("The controller's state is unknown: if none is running, the object will stay Terminating.");
  }
  if (requested !== null && fn.deletionPolicy !== "retain") {
    warnings.push(`Deletion was already requested: only the ${ANNOTATION.deletionPolicy} annotation is added; the controller applies it at its next retry.`);
  }
  warnings.push(`${capitalise(awsLabel(fn))} stays in AWS, no longer managed from Kubernetes: clean it up or adopt it again later.`);
  othersWarning(fn, warnings);
}

/**
 * Remove only finalizers.lambda.services.k8s.aws/Function from an object being deleted: the
 * manual way out of the Pending bug (aws-controllers-k8s/community#2433). Guarded so it is never the first
 * resort: the controller gets deletionTimeout to finish, and AWS must be readable so the
 * operator knows what is orphaned.
 */
function removeFinalizer(i: EligibilityInputs, blockers: string[], warnings: string[]): void {
  const { fn, aws, controller } = i;
  if (!fn) return void blockers.push(GONE);
  const requested = deletionRequestedAt(fn);
  if (requested === null) {
    blockers.push("No deletion has been requested: request deletion first (on a live object the controller would add its finalizer back).");
  }
  if (!hasAckFinalizer(fn)) {
    blockers.push(`The finalizer ${ACK_FUNCTION_FINALIZER} is not set: there is nothing for this action to remove.`);
  }
  // With no controller running there is nothing to wait for; an unknown controller may be running.
  if (requested !== null && !deletionOverdue(fn, i.now, i.settings) && !controllerNotRunning(controller)) {
    const running = controller.state === "running" ? "the controller is running" : "the controller may be running";
    blockers.push(
      `Deletion was requested ${formatDuration(i.now - requested)} ago, less than ${formatDuration(i.settings.deletionTimeoutMs)}, and ${running}: give it time to finish.`,
    );
  }
  if (!aws.known) {
    blockers.push(`AWS state unknown (${aws.unknownBecause}): cannot tell whether the function would be orphaned.`);
  } else if (aws.aws?.exists) {
    warnings.push(
      fn.deletionPolicy === "retain"
        ? `${capitalise(awsLabel(fn))} still exists and stays in AWS, unmanaged (deletion-policy retain).`
        : `${capitalise(awsLabel(fn))} still exists and will be orphaned.`,
    );
  }
  othersWarning(fn, warnings);
  if (controller.pendingBug === true) {
    warnings.push(`${capitalise(controller.label)} has the Pending bug; upgrading to ${PENDING_BUG_FIXED_IN}+ is the lasting fix.`);
  }
}

/**
 * Delete a function in AWS: only residual clean-up of a function that ACK created (its tags
 * say so) and whose Kubernetes object is gone. Never for a function a live object owns: that
 * one is deleted by deleting the object.
 */
function deleteAwsFunction(i: EligibilityInputs, blockers: string[], warnings: string[]): void {
  const { fn, aws } = i;
  if (fn) {
    blockers.push(`The Kubernetes object ${fn.id} still owns this function: delete the object instead (request-deletion).`);
  }
  if (!aws.known) return void blockers.push(`AWS state unknown (${aws.unknownBecause}).`);
  const live = aws.aws!;
  if (!live.exists) return void blockers.push("The function does not exist in AWS.");
  if (!live.tags) {
    blockers.push("The function's tags were not read: cannot prove that ACK created it.");
  } else if (!live.tags[ACK_TAG.controllerVersion] || !live.tags[ACK_TAG.namespace]) {
    blockers.push(`The function lacks the ${ACK_TAG.controllerVersion} and ${ACK_TAG.namespace} tags: ACK did not create it, so this dashboard will not delete it.`);
  }
  if (live.state === "Deleting") blockers.push("AWS is already deleting the function.");
  if (blockers.length === 0 && live.tags) {
    warnings.push(
      `This permanently deletes the function in AWS (created by ACK ${live.tags[ACK_TAG.controllerVersion]} for namespace ${live.tags[ACK_TAG.namespace]}); it cannot be undone.`,
    );
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

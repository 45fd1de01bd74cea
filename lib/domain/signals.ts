/**
 * Observations derived from FunctionFacts, AwsState and ControllerInfo, shared by the verdict
 * rules (diagnose/) and the remediation guard (eligibility.ts) so both read the world alike.
 */
import { ACK_FUNCTION_FINALIZER, CONDITION, DELETING_MESSAGE, PENDING_MESSAGE } from "./ack";
import { controllerVersionOf, hasPendingBug } from "./controller-version";
import type { FunctionFacts } from "./function-object";
import { parseTime } from "./safe-values";
import type { AwsState, Condition, ControllerInfo } from "./wire/fleet";
import type { DiagnoseSettings } from "./diagnose-settings";

export function findCondition(fn: FunctionFacts, type: string): Condition | undefined {
  return fn.conditions.find((c) => c.type === type);
}

export const isTrue = (c: Condition | undefined): boolean => c?.status === "True";

/** The text a condition carries: ACK puts error strings in `reason` (Terminal, Synced) or `message`. */
export function conditionText(c: Condition | undefined): string {
  return [c?.message, c?.reason].filter((t): t is string => !!t).join(": ");
}

/**
 * Earliest known start of a condition's current status: lastTransitionTime, or the history
 * recorder's first sighting when earlier (ACK restamps lastTransitionTime on every reconcile).
 */
export function conditionSince(fn: FunctionFacts, c: Condition | undefined): number | null {
  if (!c) return null;
  return earliest([parseTime(c.lastTransitionTime), parseTime(fn.conditionsFirstSeen?.[c.type])]);
}

export function earliest(times: Array<number | null>): number | null {
  const known = times.filter((t): t is number => t !== null);
  return known.length ? Math.min(...known) : null;
}

/** "function in 'pending' state": matches both spellings, case folded. */
const PENDING_MARK = PENDING_MESSAGE.split(",")[0].toLowerCase();
const DELETING_MARK = DELETING_MESSAGE.split(",")[0].toLowerCase();

/** Both spellings: `function in 'Pending' state...` and the pre-v1.0 `Function in 'Pending' state...`. */
function isPendingMessage(text: string | null | undefined): boolean {
  return !!text && text.toLowerCase().includes(PENDING_MARK);
}

/** v1.12.0+ writes this while it waits for DeleteFunction to finish. */
export function isDeletingMessage(text: string | null | undefined): boolean {
  return !!text && text.toLowerCase().includes(DELETING_MARK);
}

/** Lambda throttling as the SDK reports it (TooManyRequestsException, "Rate exceeded"). */
export function isThrottlingText(text: string | null | undefined): boolean {
  return !!text && /TooManyRequests|Throttl|Rate exceeded|CallerRateLimitExceeded/i.test(text);
}

/** Lambda states the controller v1.6.3+ treats as synced (docs/ack-lambda-controller.md). */
export const isSettledState = (state: string | null | undefined): boolean => state === "Active" || state === "Inactive";

/** Kubernetes believes the function is Pending: the mirrored state or the controller's refusal. */
export function k8sSaysPending(fn: FunctionFacts): boolean {
  const recoverable = findCondition(fn, CONDITION.recoverable);
  const synced = findCondition(fn, CONDITION.synced);
  return (
    fn.statusState === "Pending" ||
    (isTrue(recoverable) && isPendingMessage(conditionText(recoverable))) ||
    (synced?.status !== "True" && isPendingMessage(conditionText(synced)))
  );
}

export interface AwsView {
  /** True when `state` is a fresh, successful GetFunction result. */
  known: boolean;
  aws: AwsState | null;
  /** Why it is not known, in words; "" when known. */
  unknownBecause: string;
}

export function awsView(aws: AwsState | null, now: number, settings: DiagnoseSettings): AwsView {
  if (!aws) return { known: false, aws, unknownBecause: "AWS has not been read yet" };
  if (aws.error) return { known: false, aws, unknownBecause: `the last AWS read failed (${aws.error.code})` };
  const observed = parseTime(aws.observedAt);
  if (observed === null || now - observed > settings.awsStaleAfterMs) {
    return { known: false, aws, unknownBecause: "the last AWS observation is too old" };
  }
  // ListFunctions tells that the function exists but not its State: the verdicts need GetFunction.
  // That it is missing is all there is to know (a listing that completed without error).
  if (aws.via === "ListFunctions" && aws.exists) return { known: false, aws, unknownBecause: "AWS listed the function; its State has not been read yet" };
  return { known: true, aws, unknownBecause: "" };
}

/** AWS says the function is usable while Kubernetes still holds Pending: the community#2433 picture. */
export function stalePending(fn: FunctionFacts, view: AwsView): boolean {
  return view.known && !!view.aws?.exists && isSettledState(view.aws.state) && k8sSaysPending(fn);
}

export type ControllerState = "running" | "down" | "not-found" | "unknown";

export interface ControllerView {
  state: ControllerState;
  version: string | null;
  /** community#2433: true below 1.7.4, null when the version is unknown. */
  pendingBug: boolean | null;
  /** "controller 1.7.3", "the controller (version unknown)". */
  label: string;
}

/**
 * One view per controller object: every verdict of a cluster reads the same ControllerInfo (the
 * fleet replaces it when it changes), and parsing and comparing its version per Function was
 * ~2% of a cold start's CPU. Views are never mutated.
 */
const controllerViews = new WeakMap<ControllerInfo, ControllerView>();
let noControllerView: ControllerView | null = null;

export function controllerView(controller: ControllerInfo | null): ControllerView {
  if (!controller) return (noControllerView ??= viewOfController(null));
  let view = controllerViews.get(controller);
  if (!view) controllerViews.set(controller, (view = viewOfController(controller)));
  return view;
}

function viewOfController(controller: ControllerInfo | null): ControllerView {
  const version = controllerVersionOf(controller);
  const label = version ? `controller ${version}` : "the controller (version unknown)";
  const pendingBug = hasPendingBug(version);
  if (!controller) return { state: "unknown", version, pendingBug, label };
  if (!controller.found) return { state: "not-found", version, pendingBug, label };
  const running = (controller.readyReplicas ?? 0) >= 1;
  return { state: running ? "running" : "down", version, pendingBug, label };
}

export const hasAckFinalizer = (fn: FunctionFacts): boolean => fn.finalizers.includes(ACK_FUNCTION_FINALIZER);
export const otherFinalizers = (fn: FunctionFacts): string[] => fn.finalizers.filter((f) => f !== ACK_FUNCTION_FINALIZER);

export function deletionRequestedAt(fn: FunctionFacts): number | null {
  return parseTime(fn.deletionTimestamp);
}

/** "Older than deletionTimeout" is strict: at exactly the timeout the controller still has time. */
export function deletionOverdue(fn: FunctionFacts, now: number, settings: DiagnoseSettings): boolean {
  const at = deletionRequestedAt(fn);
  return at !== null && now - at > settings.deletionTimeoutMs;
}

/** How the AWS function is named in texts: its ARN when known. */
export function awsLabel(fn: FunctionFacts | null, fallback = "the AWS function"): string {
  if (fn?.arn) return `the AWS function ${fn.arn}`;
  if (fn?.awsName) return `the AWS function ${fn.awsName}`;
  return fallback;
}

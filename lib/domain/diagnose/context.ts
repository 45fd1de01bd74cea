/**
 * What every verdict rule gets, computed once per diagnose() call, and the observations more
 * than one rule depends on.
 */
import { CONDITION } from "../ack";
import { countsInactiveAsSynced } from "../controller-version";
import type { FunctionFacts } from "../function-object";
import { parseTime } from "../safe-values";
import type { AwsState, ControllerInfo, Reason } from "../wire/fleet";
import type { ConfigField } from "../wire/function-config";
import type { DiagnoseSettings } from "../diagnose-settings";
import type { Health } from "../health";
import {
  type AwsView,
  type ControllerView,
  awsView,
  conditionSince,
  conditionText,
  controllerView,
  earliest,
  findCondition,
  isTrue,
  k8sSaysPending,
} from "../signals";

export interface DiagnoseContext {
  fn: FunctionFacts;
  aws: AwsView;
  controllerInfo: ControllerInfo | null;
  controller: ControllerView;
  now: number;
  settings: DiagnoseSettings;
}

/** One rule's conclusion; diagnose() keeps the worst and merges the others' reasons. */
export interface Finding {
  health: Health;
  summary: string;
  since: string | null;
  reasons: Reason[];
  /** drift: the configuration fields where AWS and the spec disagree. */
  driftedFields?: ConfigField[];
}

export type Rule = (ctx: DiagnoseContext) => Finding | null;

export function makeContext(
  fn: FunctionFacts,
  aws: AwsState | null,
  controller: ControllerInfo | null,
  now: number,
  settings: DiagnoseSettings,
): DiagnoseContext {
  return { fn, aws: awsView(aws, now, settings), controllerInfo: controller, controller: controllerView(controller), now, settings };
}

/** Short, single-line quote of a controller or AWS text (AWS errors carry "\n\tstatus code: …"). */
export function quote(text: string, max = 200): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * A failure that AWS (or, when AWS cannot be read, the controller's last view) reports:
 * State Failed or LastUpdateStatus Failed (Lambda API, FunctionConfiguration).
 */
export function reportedFailure(ctx: DiagnoseContext): "state" | "update" | null {
  const src = ctx.aws.known && ctx.aws.aws?.exists ? ctx.aws.aws : ctx.aws.known ? null : ctx.fn;
  if (!src) return null;
  const state = "exists" in src ? src.state : src.statusState;
  if (state === "Failed") return "state";
  if (src.lastUpdateStatus === "Failed") return "update";
  return null;
}

/**
 * Controllers before v1.6.3 only count Active as synced, so an idle (Inactive) function sits
 * at Synced=False although nothing is wrong with it (docs/ack-lambda-controller.md "The Function resource").
 */
export function inactiveNotSyncedByOldController(ctx: DiagnoseContext): boolean {
  const synced = findCondition(ctx.fn, CONDITION.synced);
  return (
    ctx.fn.statusState === "Inactive" &&
    !!synced &&
    synced.status !== "True" &&
    countsInactiveAsSynced(ctx.controller.version) === false
  );
}

/** The ways an object can be "not settled" (docs/architecture.md "Verdicts", stuck and progressing). */
export interface Unsettled {
  neverReconciled: boolean;
  k8sPending: boolean;
  awsPending: boolean;
  recoverable: boolean;
  notSynced: boolean;
  /** Earliest known start of the unsettled period (epoch ms), null when no time is known. */
  since: number | null;
}

/**
 * Null when settled, or when a more specific rule explains the lack of sync (Terminal, a
 * reported failure, the pre-1.6.3 Inactive quirk): stuck and progressing stay out of it.
 */
export function unsettled(ctx: DiagnoseContext): Unsettled | null {
  const { fn } = ctx;
  if (isTrue(findCondition(fn, CONDITION.terminal)) || reportedFailure(ctx) || inactiveNotSyncedByOldController(ctx)) {
    return null;
  }
  const recoverable = findCondition(fn, CONDITION.recoverable);
  const synced = findCondition(fn, CONDITION.synced);
  const u = {
    neverReconciled: !fn.hasStatus,
    k8sPending: k8sSaysPending(fn),
    awsPending: ctx.aws.known && ctx.aws.aws?.exists === true && ctx.aws.aws.state === "Pending",
    recoverable: isTrue(recoverable),
    notSynced: !!synced && synced.status !== "True",
  };
  if (!Object.values(u).some(Boolean)) return null;
  // Lambda's LastModified marks the create/update that started Pending; condition times are
  // only lower bounds because ACK restamps them on every reconcile.
  const since = earliest([
    u.neverReconciled ? parseTime(fn.creationTimestamp) : null,
    u.recoverable ? conditionSince(fn, recoverable) : null,
    u.notSynced ? conditionSince(fn, synced) : null,
    u.k8sPending && fn.statusState === "Pending" ? parseTime(fn.lastModified) : null,
    u.awsPending ? parseTime(ctx.aws.aws?.lastModified) : null,
  ]);
  return { ...u, since };
}

/** Strictly longer than pendingTimeout: at exactly the timeout it is still progressing. */
export function overdue(start: number | null, ctx: DiagnoseContext, timeoutMs: number): boolean {
  return start !== null && ctx.now - start > timeoutMs;
}

/** The text the controller left on Recoverable / Synced, for summaries. */
export function controllerMessage(ctx: DiagnoseContext): string {
  const recoverable = findCondition(ctx.fn, CONDITION.recoverable);
  if (isTrue(recoverable) && conditionText(recoverable)) return conditionText(recoverable);
  const synced = findCondition(ctx.fn, CONDITION.synced);
  return synced && synced.status !== "True" ? conditionText(synced) : "";
}

/**
 * The conditions the ACK runtime writes after a reconcile, as pure functions (docs/ack-lambda-controller.md,
 * "Conditions"; aws-controllers-k8s/runtime pkg/runtime/reconciler.go ensureConditions and the
 * generated updateConditions).
 *
 * - Sync starts from an empty condition list (runtime resetConditions), so what is written is
 *   exactly what this reconcile found: an error condition first (Recoverable or Terminal), then
 *   ACK.ResourceSynced, then Ready on runtimes that have it.
 * - The delete path does not reset: it only sets the error condition and keeps the others.
 * - lastTransitionTime moves only when a condition's status changes (Kubernetes API
 *   conventions), so a Function stuck for hours keeps the time it got stuck.
 */
import { CONDITION, SYNCED_MESSAGES } from "@/lib/domain/ack";
import type { Condition } from "@/lib/domain/wire/fleet";

/** runtime pkg/errors: Terminal = "resource is in terminal condition". */
export const TERMINAL_REASON = "resource is in terminal condition";

export type SyncOutcome =
  | { kind: "synced" }
  | { kind: "notSynced" }
  /** A non-terminal error: throttling, Pending, conflicts, AWS unreachable. */
  | { kind: "recoverable"; message: string }
  /** An error that needs a spec change (e.g. a role Lambda cannot assume). */
  | { kind: "terminal"; message: string; reason?: string };

function cond(type: string, status: string, message?: string, reason?: string): Condition {
  const c: Condition = { type, status };
  if (message !== undefined) c.message = message;
  if (reason !== undefined && reason !== "") c.reason = reason;
  return c;
}

/** Carries lastTransitionTime over from the previous condition of the same type and status. */
export function stampTransitions(previous: Condition[] | undefined, next: Condition[], nowIso: string): Condition[] {
  return next.map((c) => {
    const before = previous?.find((p) => p.type === c.type);
    const lastTransitionTime = before && before.status === c.status && before.lastTransitionTime ? before.lastTransitionTime : nowIso;
    return { ...c, lastTransitionTime };
  });
}

/** Ready copies Terminal, then Recoverable, then ResourceSynced (lambda-controller v1.9.2+). */
export function readyCondition(conditions: Condition[]): Condition | undefined {
  const find = (type: string) => conditions.find((c) => c.type === type);
  const terminal = find(CONDITION.terminal);
  if (terminal?.status === "True") return cond(CONDITION.ready, "False", terminal.message ?? undefined, terminal.reason ?? undefined);
  const recoverable = find(CONDITION.recoverable);
  if (recoverable?.status === "True") return cond(CONDITION.ready, "False", recoverable.message ?? undefined, recoverable.reason ?? undefined);
  const synced = find(CONDITION.synced);
  if (synced) return cond(CONDITION.ready, synced.status, synced.message ?? undefined, synced.reason ?? undefined);
  return undefined;
}

function withReady(conditions: Condition[], ready: boolean): Condition[] {
  const rest = conditions.filter((c) => c.type !== CONDITION.ready);
  if (!ready) return rest;
  const r = readyCondition(rest);
  return r ? [...rest, r] : rest;
}

/** The conditions after a Sync (create or update path) that ended with `outcome`. */
export function syncConditions(
  previous: Condition[] | undefined,
  outcome: SyncOutcome,
  opts: { ready: boolean; nowIso: string },
): Condition[] {
  let next: Condition[];
  switch (outcome.kind) {
    case "synced":
      next = [cond(CONDITION.synced, "True", SYNCED_MESSAGES.synced)];
      break;
    case "notSynced":
      next = [cond(CONDITION.synced, "False", SYNCED_MESSAGES.notSynced)];
      break;
    case "recoverable":
      // Synced is Unknown and its reason holds the error text (ensureConditions).
      next = [
        cond(CONDITION.recoverable, "True", outcome.message),
        cond(CONDITION.synced, "Unknown", SYNCED_MESSAGES.unknown, outcome.message),
      ];
      break;
    case "terminal":
      // onError turns a terminal AWS error into ackerr.Terminal: Synced False, "Resource not synced".
      next = [
        cond(CONDITION.terminal, "True", outcome.message, outcome.reason),
        cond(CONDITION.synced, "False", SYNCED_MESSAGES.notSynced, TERMINAL_REASON),
      ];
      break;
  }
  return stampTransitions(previous, withReady(next, opts.ready), opts.nowIso);
}

/**
 * The conditions after a failed delete attempt: the error condition is set, the others stay
 * (the delete path never calls resetConditions / ensureConditions).
 */
export function deleteErrorConditions(
  previous: Condition[] | undefined,
  error: { message: string; terminal: boolean },
  opts: { ready: boolean; nowIso: string },
): Condition[] {
  const type = error.terminal ? CONDITION.terminal : CONDITION.recoverable;
  const errorCondition = cond(type, "True", error.message);
  const others = (previous ?? []).filter((c) => c.type !== CONDITION.ready);
  const next = others.some((c) => c.type === type)
    ? others.map((c) => (c.type === type ? errorCondition : { ...c }))
    : [errorCondition, ...others.map((c) => ({ ...c }))];
  return stampTransitions(previous, withReady(next, opts.ready), opts.nowIso);
}

/** True when the written conditions differ from what the object already has (ignores time). */
export function conditionsChanged(before: Condition[] | undefined, after: Condition[]): boolean {
  const strip = (cs: Condition[] | undefined) =>
    JSON.stringify((cs ?? []).map((c) => [c.type, c.status, c.message ?? null, c.reason ?? null]));
  return strip(before) !== strip(after);
}

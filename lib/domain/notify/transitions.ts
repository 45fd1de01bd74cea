/**
 * Which verdict changes are worth a message (README "Notifications"): a Function entering
 * deletion-blocked, stuck, terminal or failed, moving between them, or leaving them (to a
 * better verdict, or deleted). Pure: the notifier (lib/server/notify/) keeps, per Function, the
 * verdict last notified in the store and asks here what the current one means.
 */
import { functionHref, type FunctionRef } from "../function-ref";
import type { Health } from "../health";
import type { VerdictTransition } from "../wire/notification";

/** The verdicts that call for an operator now (the others are watched on the dashboard). */
export const NOTIFIED_VERDICTS = ["deletion-blocked", "stuck", "terminal", "failed"] as const satisfies readonly Health[];
export type NotifiedVerdict = (typeof NOTIFIED_VERDICTS)[number];

export function isNotifiedVerdict(h: string): h is NotifiedVerdict {
  return (NOTIFIED_VERDICTS as readonly string[]).includes(h);
}

/** A Function as the fleet sees it now: its verdict, or gone from its cluster. */
export type FunctionNow =
  | { kind: "verdict"; ref: FunctionRef; health: Health; summary: string; since: string | null }
  | { kind: "gone"; ref: FunctionRef };

/**
 * The transition from what was last notified to what holds now, or null when there is nothing
 * to say. "unknown" says nothing either way (no status yet, or AWS unreadable after a
 * restart): what was notified stands until a verdict is known again, so a restart or an AWS
 * outage never sends "recovered" followed by "stuck again".
 */
export function transitionOf(notified: NotifiedVerdict | null, now: FunctionNow, baseUrl: string | null): VerdictTransition | null {
  const ref = now.ref;
  const base = { id: `${ref.cluster}/${ref.namespace}/${ref.name}`, cluster: ref.cluster, namespace: ref.namespace, name: ref.name, from: notified };
  if (now.kind === "gone") {
    return notified ? { ...base, to: "gone", change: "left", summary: null, since: null, url: null } : null;
  }
  if (now.health === "unknown") return null;
  const url = baseUrl ? `${baseUrl}${functionHref(ref)}` : null;
  const detail = { summary: shorten(now.summary, 300), since: now.since, url };
  if (isNotifiedVerdict(now.health)) return notified === now.health ? null : { ...base, to: now.health, change: "entered", ...detail };
  return notified ? { ...base, to: now.health, change: "left", ...detail } : null;
}

/** The verdict to remember after a transition (null: none notified any more). */
export function notifiedAfter(t: VerdictTransition): NotifiedVerdict | null {
  return t.change === "entered" && isNotifiedVerdict(t.to) ? t.to : null;
}

/** Whether a webhook that asked for `verdicts` hears of this transition: into or out of one of them. */
export function concerns(t: VerdictTransition, verdicts: readonly string[]): boolean {
  return verdicts.includes(t.to) || (t.from !== null && verdicts.includes(t.from));
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

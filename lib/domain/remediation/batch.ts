/**
 * Rules of a batch remediation (one action on many Functions) that the server and the browser
 * share: what the operator types to confirm it (the number of Functions and every cluster's
 * name), how an item's result is counted, and when a batch is over. Pure.
 */
import type { FunctionRef } from "../function-ref";

/** What a batch asks the operator to type: how many Functions, and each cluster's name. */
export interface BatchConfirmation {
  count: number;
  clusters: string[];
}

/** The confirmation a batch over these targets needs (clusters sorted, each once). */
export function confirmationFor(targets: readonly Pick<FunctionRef, "cluster">[]): BatchConfirmation {
  return { count: targets.length, clusters: [...new Set(targets.map((t) => t.cluster))].sort() };
}

/**
 * Null when `typed` confirms `expected`; else why not, in one sentence. Cluster names must be
 * typed exactly (as `kubectl --context` would take them), in any order, each once.
 */
export function confirmationProblem(expected: BatchConfirmation, typed: BatchConfirmation): string | null {
  if (typed.count !== expected.count) return `type the number of Functions, ${expected.count} (you typed ${typed.count})`;
  const want = [...expected.clusters].sort();
  const got = [...new Set(typed.clusters.map((c) => c.trim()))].sort();
  if (want.length !== got.length || want.some((c, i) => c !== got[i])) {
    return want.length === 1 ? `type the cluster's name, ${want[0]}` : `type each cluster's name: ${want.join(", ")}`;
  }
  return null;
}

/**
 * An item of a batch:
 * - preview: `queued` → `checking` → `eligible` (the dry run passed) or `ineligible` (a guard said no, with why);
 * - run: `queued` → `running` → `succeeded`, `failed` (the change itself failed), `skipped` (a guard
 *   refused it at execution: changed since the preview (409), no longer eligible, not allowed),
 *   or `not-run` (the batch was stopped, or expired, before it started).
 */
export const BATCH_ITEM_STATUSES = ["queued", "checking", "eligible", "ineligible", "running", "succeeded", "failed", "skipped", "not-run"] as const;
export type BatchItemStatus = (typeof BATCH_ITEM_STATUSES)[number];

export const BATCH_STATUSES = ["previewing", "previewed", "pending-approval", "running", "stopping", "done", "stopped", "expired"] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

const FINISHED_ITEM = new Set<BatchItemStatus>(["eligible", "ineligible", "succeeded", "failed", "skipped", "not-run"]);

export function isItemFinished(s: BatchItemStatus): boolean {
  return FINISHED_ITEM.has(s);
}

export function isBatchOver(s: BatchStatus): boolean {
  return s === "previewed" || s === "done" || s === "stopped" || s === "expired";
}

export type BatchCounts = Record<BatchItemStatus, number> & { total: number; finished: number };

export function countItems(items: readonly { status: BatchItemStatus }[]): BatchCounts {
  const counts = Object.fromEntries(BATCH_ITEM_STATUSES.map((s) => [s, 0])) as Record<BatchItemStatus, number>;
  let finished = 0;
  for (const i of items) {
    counts[i.status]++;
    if (isItemFinished(i.status)) finished++;
  }
  return { ...counts, total: items.length, finished };
}

/** "18 succeeded, 1 skipped, 1 not run": the non-zero result counts of a run, in a fixed order. */
export function describeCounts(c: BatchCounts): string {
  const parts: string[] = [];
  const add = (n: number, what: string) => n && parts.push(`${n} ${what}`);
  add(c.eligible, "eligible");
  add(c.ineligible, "not eligible");
  add(c.succeeded, "succeeded");
  add(c.failed, "failed");
  add(c.skipped, "skipped");
  add(c["not-run"], "not run");
  const open = c.total - c.finished;
  add(open, "not finished");
  return parts.join(", ") || "nothing";
}

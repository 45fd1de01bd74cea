"use client";
/**
 * Batches waiting for a second operator (two-person rule): each with its action, requester,
 * reason, expiry and every item with its eligibility from the preview; a different operator types
 * the number of Functions and each cluster's name and approves the whole batch once, then follows
 * its run. The requester sees their own batch but no approve form (the server refuses it too).
 */
import { useId, useState } from "react";
import type { BatchView } from "@/lib/domain/wire/batch";
import { ACTION_LABEL } from "@/lib/domain/remediation/actions";
import { useFormatTimestamp } from "@/lib/client/time-zone";
import { useApproveBatch, useBatch, useBatches } from "@/lib/client/remediation/use-batch";
import { BatchConfirmFields, useTypedConfirmation } from "./batch-confirm-fields";
import { BatchProgress } from "./batch-progress";

export function PendingBatches() {
  const list = useBatches();
  // A batch approved here stays, to follow its run, once it no longer waits.
  const [approvedHere, setApprovedHere] = useState<ReadonlySet<string>>(() => new Set());
  const pending = (list.data?.items ?? []).filter((b) => b.kind === "run" && (b.status === "pending-approval" || approvedHere.has(b.id)));
  if (!list.data?.twoPersonRule && pending.length === 0) return null;
  return (
    <section aria-label="Batches waiting for approval" className="border-t border-slate-200 px-4 py-3 dark:border-slate-800">
      <h3 className="text-sm font-semibold">Batches waiting for a second operator</h3>
      {pending.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">No batch is waiting.</p>
      ) : (
        <ul className="mt-2 space-y-3">
          {pending.map((b) => (
            <PendingBatch key={b.id} batch={b} onApproved={() => setApprovedHere((prev) => new Set(prev).add(b.id))} />
          ))}
        </ul>
      )}
    </section>
  );
}

function PendingBatch({ batch, onApproved }: { batch: BatchView; onApproved: () => void }) {
  const headingId = useId();
  const formatTimestamp = useFormatTimestamp();
  const approve = useApproveBatch();
  const typed = useTypedConfirmation(batch.confirmation);
  // Before the approval: the preview it was made from says which item is eligible and why;
  // after: follow the run here.
  const preview = useBatch(approve.data ? null : batch.previewId);
  const run = useBatch(approve.data ? batch.id : null);
  const shown = approve.data ? (run.data ?? batch) : (preview.data ?? batch);
  return (
    <li aria-labelledby={headingId} className="rounded border border-sky-300 bg-sky-50 p-3 text-sm dark:border-sky-800 dark:bg-sky-950">
      <p id={headingId}>
        <span className="font-semibold">
          {ACTION_LABEL[batch.action]}: {batch.confirmation.count} Function{batch.confirmation.count === 1 ? "" : "s"} in {batch.confirmation.clusters.join(", ")}
        </span>{" "}
        asked by <span className="font-medium">{batch.requester.user}</span>, expires {formatTimestamp(batch.expiresAt)}
      </p>
      <p className="mt-1 break-words text-slate-700 dark:text-slate-300">Reason: {batch.reason}</p>
      <div className="mt-2">
        <BatchProgress batch={shown} label={approve.data ? "Run" : "Items and their eligibility"} />
      </div>
      {approve.data ? (
        <p role="status" className="mt-2 font-medium text-emerald-800 dark:text-emerald-300">
          Approved by you; {shown.status === "pending-approval" ? "starting…" : shown.status === "running" ? "running, item by item." : `${shown.status}.`}
        </p>
      ) : batch.mine ? (
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">Your own batch: another operator must approve it.</p>
      ) : (
        <form
          className="mt-2 space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            approve.mutate({ id: batch.id, confirm: typed.typed }, { onSuccess: onApproved });
          }}
        >
          <BatchConfirmFields expected={batch.confirmation} state={typed} countLabel="Type the number of Functions to approve" />
          <div className="flex items-center justify-end gap-2">
            {typed.problem ? <p className="text-xs text-slate-600 dark:text-slate-400">To approve: {typed.problem}.</p> : null}
            <button
              type="submit"
              disabled={Boolean(typed.problem) || approve.isPending}
              className="rounded bg-sky-800 px-3 py-1.5 text-sm font-semibold text-white hover:bg-sky-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed disabled:opacity-50"
            >
              {approve.isPending ? "Approving…" : `Approve and run ${batch.confirmation.count}`}
            </button>
          </div>
        </form>
      )}
      {approve.error ? (
        <p role="alert" className="mt-1 break-words text-red-800 dark:text-red-300">
          {approve.error.message}
        </p>
      ) : null}
    </li>
  );
}

"use client";
/**
 * Requests waiting for a second operator (two-person rule): who asked, why, until when, and an
 * Approve form (type the name again). The requester's own requests cannot be approved by them;
 * the server refuses that too.
 */
import { useState } from "react";
import type { FunctionRef } from "@/lib/domain/function-ref";
import { useFormatTimestamp } from "@/lib/client/time-zone";
import { usePending } from "@/lib/client/remediation/queries";
import { useApprove } from "@/lib/client/remediation/use-remediate";
import { ACTION_LABEL } from "@/lib/domain/remediation/actions";
import type { PendingApproval } from "@/lib/domain/wire/remediation";

export function PendingApprovals({ functionRef }: { functionRef: FunctionRef | null }) {
  const pending = usePending(functionRef);
  const items = pending.data?.items ?? [];
  if (!pending.data?.twoPersonRule && items.length === 0) return null;
  return (
    <section aria-label="Waiting for approval" className="border-t border-slate-200 px-4 py-3 dark:border-slate-800">
      <h3 className="text-sm font-semibold">Waiting for a second operator</h3>
      {items.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Nothing is waiting. With the two-person rule, each request needs another operator&apos;s approval.</p>
      ) : (
        <ul className="mt-2 space-y-2">
          {items.map((p) => (
            <PendingItem key={p.id} pending={p} showTarget={!functionRef} />
          ))}
        </ul>
      )}
    </section>
  );
}

function PendingItem({ pending, showTarget }: { pending: PendingApproval; showTarget: boolean }) {
  const formatTimestamp = useFormatTimestamp();
  const [confirm, setConfirm] = useState("");
  const approve = useApprove();
  return (
    <li className="rounded border border-sky-300 bg-sky-50 p-3 text-sm dark:border-sky-800 dark:bg-sky-950">
      <p>
        <span className="font-semibold">{ACTION_LABEL[pending.action]}</span>
        {showTarget ? ` on ${pending.target.cluster}/${pending.target.namespace}/${pending.target.name}` : ""} asked by{" "}
        <span className="font-medium">{pending.requester.user}</span>, expires {formatTimestamp(pending.expiresAt)}
      </p>
      <p className="mt-1 break-words text-slate-700 dark:text-slate-300">Reason: {pending.reason}</p>
      {pending.warnings.length ? (
        <ul className="mt-1 list-inside list-disc text-amber-900 dark:text-amber-200">
          {pending.warnings.map((w, i) => (
            <li key={i} className="break-words">
              {w}
            </li>
          ))}
        </ul>
      ) : null}
      {pending.mine ? (
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">Your own request: another operator must approve it.</p>
      ) : (
        <form
          className="mt-2 flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            approve.mutate({ id: pending.id, confirm });
          }}
        >
          <label className="text-xs">
            Type <code className="font-mono">{pending.confirmName}</code> to approve
            <input
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              autoComplete="off"
              className="mt-0.5 block rounded border border-slate-300 bg-white px-2 py-1 font-mono text-sm dark:border-slate-600 dark:bg-slate-950"
            />
          </label>
          <button
            type="submit"
            disabled={confirm !== pending.confirmName || approve.isPending}
            className="rounded bg-sky-800 px-3 py-1.5 text-sm font-semibold text-white hover:bg-sky-900 focus-visible:outline-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed disabled:opacity-50"
          >
            {approve.isPending ? "Approving…" : "Approve and run"}
          </button>
        </form>
      )}
      {approve.error ? (
        <p role="alert" className="mt-1 break-words text-red-800 dark:text-red-300">
          {approve.error.message}
        </p>
      ) : null}
      {approve.data ? (
        <p role="status" className="mt-1 text-emerald-800 dark:text-emerald-300">
          Approved and done.
        </p>
      ) : null}
    </li>
  );
}

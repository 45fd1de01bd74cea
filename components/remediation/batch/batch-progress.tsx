"use client";
/** A batch's progress bar and its per-item results (status and why), as the server reports them. */
import { describeCounts, type BatchCounts, type BatchItemStatus } from "@/lib/domain/remediation/batch";
import type { BatchView } from "@/lib/domain/wire/batch";

const STATUS_LABEL: Record<BatchItemStatus, string> = {
  queued: "queued",
  checking: "checking…",
  eligible: "eligible",
  ineligible: "not eligible",
  running: "running…",
  succeeded: "succeeded",
  failed: "failed",
  skipped: "skipped",
  "not-run": "not run",
};

const STATUS_TONE: Partial<Record<BatchItemStatus, string>> = {
  eligible: "text-emerald-800 dark:text-emerald-300",
  succeeded: "text-emerald-800 dark:text-emerald-300",
  ineligible: "text-amber-900 dark:text-amber-200",
  skipped: "text-amber-900 dark:text-amber-200",
  failed: "text-red-800 dark:text-red-300",
};

export function BatchProgress({ batch, label }: { batch: BatchView; label: string }) {
  const counts = batch.counts as BatchCounts;
  const pct = counts.total ? Math.round((counts.finished / counts.total) * 100) : 100;
  return (
    <section aria-label={label} className="space-y-2">
      <div className="flex items-center justify-between gap-2 text-sm">
        <span className="font-medium">{label}</span>
        <span className="text-slate-700 dark:text-slate-300" data-testid="batch-counts">
          {counts.finished} of {counts.total}: {describeCounts(counts)}
        </span>
      </div>
      <div role="progressbar" aria-label={`${label}: progress`} aria-valuemin={0} aria-valuemax={counts.total} aria-valuenow={counts.finished} className="h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-700">
        <div className="h-full bg-sky-600 transition-[width]" style={{ width: `${pct}%` }} />
      </div>
      <div className="max-h-72 overflow-y-auto rounded border border-slate-200 dark:border-slate-700">
        <table className="w-full text-left text-xs">
          <thead className="sticky top-0 bg-slate-50 dark:bg-slate-800">
            <tr>
              <th scope="col" className="px-2 py-1 font-medium">
                Function
              </th>
              <th scope="col" className="px-2 py-1 font-medium">
                Result
              </th>
              <th scope="col" className="px-2 py-1 font-medium">
                Why
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {batch.items.map((i) => (
              <tr key={`${i.target.cluster}/${i.target.namespace}/${i.target.name}`}>
                <td className="break-all px-2 py-1 font-mono">
                  {i.target.cluster}/{i.target.namespace}/{i.target.name}
                </td>
                <td className={`whitespace-nowrap px-2 py-1 font-medium ${STATUS_TONE[i.status] ?? ""}`}>
                  {STATUS_LABEL[i.status]}
                  {i.httpStatus && i.httpStatus >= 400 ? ` (${i.httpStatus})` : ""}
                </td>
                <td className="break-words px-2 py-1 text-slate-700 dark:text-slate-300">{i.status === "eligible" || i.status === "succeeded" ? i.warnings.join(" ") || "" : (i.message ?? "")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

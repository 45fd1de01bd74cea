"use client";
/**
 * The batch dialog: one action on the selected Functions, as guarded as one. It asks the server
 * to check and dry-run every item (eligible or not, and why), then to run the eligible ones once
 * the operator typed their number, each cluster's name and one reason; it follows the run with a
 * progress bar and per-item results, and can stop it. The server decides everything; this only
 * shows what it says.
 */
import { useEffect, useId, useRef, useState } from "react";
import { confirmationFor, isBatchOver } from "@/lib/domain/remediation/batch";
import { ACTION_LABEL, type RemediationAction } from "@/lib/domain/remediation/actions";
import { useModalDialog } from "@/lib/client/use-modal-dialog";
import { useBatch, usePreviewBatch, useRunBatch, useStopBatch, type BatchTarget } from "@/lib/client/remediation/use-batch";
import { BatchConfirmFields, confirmInput, useTypedConfirmation } from "./batch-confirm-fields";
import { BatchProgress } from "./batch-progress";

const button =
  "rounded border border-slate-400 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-500 dark:bg-slate-800 dark:hover:bg-slate-700";

export function BatchDialog({ action, items, twoPersonRule, onClose }: { action: RemediationAction; items: BatchTarget[]; twoPersonRule: boolean; onClose: () => void }) {
  const titleId = useId();
  const closeRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  useModalDialog(dialogRef, onClose);

  const previewReq = usePreviewBatch();
  const runReq = useRunBatch();
  const stopReq = useStopBatch();
  const [previewId, setPreviewId] = useState<string | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const preview = useBatch(previewId);
  const run = useBatch(runId);
  const [reason, setReason] = useState("");

  // Preview once, on open (the selection is fixed for the dialog's life); focus the dialog.
  const started = useRef(false);
  useEffect(() => {
    closeRef.current?.focus();
    if (!started.current) {
      started.current = true;
      previewReq.mutate({ action, items }, { onSuccess: (b) => setPreviewId(b.id) });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per dialog
  }, []);

  const p = preview.data;
  const r = run.data;
  const eligible = p && p.status === "previewed" ? p.items.filter((i) => i.status === "eligible") : [];
  const expected = confirmationFor(eligible.map((i) => i.target));
  const typedState = useTypedConfirmation(expected);
  const { typed, problem } = typedState;
  const reasonOk = reason.trim().length >= 3;
  const doRun = () =>
    runReq.mutate({ previewId: p!.id, confirm: typed, reason: reason.trim() }, { onSuccess: (b) => setRunId(b.id) });

  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center overflow-y-auto bg-slate-950/50 p-4 sm:p-10">
      <div ref={dialogRef} role="dialog" aria-modal="true" aria-labelledby={titleId} className="w-full max-w-3xl rounded-lg border border-slate-300 bg-white shadow-xl dark:border-slate-700 dark:bg-slate-900">
        <div className="flex items-start justify-between gap-4 border-b border-slate-200 px-5 py-3 dark:border-slate-800">
          <div>
            <h2 id={titleId} className="text-base font-semibold">
              {ACTION_LABEL[action]}: {items.length} Function{items.length === 1 ? "" : "s"}
            </h2>
            <p className="text-sm text-slate-600 dark:text-slate-400">Each is checked and dry-run on the server, then run one by one with the same guards as a single action.</p>
          </div>
          <button ref={closeRef} type="button" onClick={onClose} className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-slate-200 dark:hover:bg-slate-800">
            Close
          </button>
        </div>
        <div className="space-y-4 px-5 py-4">
          {previewReq.error ? <ErrorBox title="The preview was refused" message={previewReq.error.message} /> : null}
          {preview.error ? <ErrorBox title="Cannot follow the preview" message={preview.error.message} /> : null}
          {!p && !previewReq.error ? <p className="text-sm text-slate-600 dark:text-slate-400">Asking the server for a preview…</p> : null}
          {p && !r ? <BatchProgress batch={p} label="Preview (server-side dry run)" /> : null}

          {p && p.status === "previewed" && !runId ? (
            <section aria-label="Confirm the batch" className="space-y-3 border-t border-slate-200 pt-3 dark:border-slate-800">
              {eligible.length === 0 ? (
                <p className="text-sm font-medium text-amber-900 dark:text-amber-200">No selected Function is eligible for this action: nothing to run.</p>
              ) : (
                <>
                  <BatchConfirmFields expected={expected} state={typedState} countLabel="Type the number of eligible Functions" />
                  <label className="block text-sm">
                    <span className="font-medium">Reason, for every item (kept in the audit log)</span>
                    <textarea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} rows={2} className={confirmInput.replace("font-mono ", "")} />
                  </label>
                  {runReq.error ? <ErrorBox title="Refused" message={runReq.error.message} /> : null}
                  <div className="flex items-center justify-end gap-2">
                    {problem || !reasonOk ? <p className="text-xs text-slate-600 dark:text-slate-400">{problem ? `To run: ${problem}.` : "Write a reason (3 characters or more)."}</p> : null}
                    <button
                      type="button"
                      onClick={doRun}
                      disabled={Boolean(problem) || !reasonOk || runReq.isPending}
                      className="rounded bg-red-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed disabled:opacity-50"
                    >
                      {runReq.isPending ? "Starting…" : twoPersonRule ? `Request approval for ${eligible.length}` : `Run on ${eligible.length} Function${eligible.length === 1 ? "" : "s"}`}
                    </button>
                  </div>
                </>
              )}
            </section>
          ) : null}

          {r ? (
            <div className="space-y-3">
              <BatchProgress batch={r} label="Run" />
              <div className="flex items-center justify-between gap-2" role="status">
                <p className="text-sm font-medium">{runStatusText(r.status, r.stoppedBy)}</p>
                {!isBatchOver(r.status) && r.status !== "stopping" ? (
                  <button type="button" className={button} onClick={() => stopReq.mutate(r.id)} disabled={stopReq.isPending}>
                    Stop
                  </button>
                ) : null}
              </div>
              {stopReq.error ? <ErrorBox title="Cannot stop" message={stopReq.error.message} /> : null}
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}

function runStatusText(status: string, stoppedBy: string | null): string {
  switch (status) {
    case "pending-approval":
      return "Waiting for a second operator to approve the whole batch (Needs action → approvals).";
    case "running":
      return "Running, item by item.";
    case "stopping":
      return "Stopping: the items in flight finish, no other starts.";
    case "stopped":
      return `Stopped${stoppedBy ? ` by ${stoppedBy}` : ""}.`;
    case "expired":
      return "Expired: nobody approved it in time; nothing was run.";
    default:
      return "Finished.";
  }
}

function ErrorBox({ title, message }: { title: string; message: string }) {
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
      <p className="font-semibold">{title}</p>
      <p className="mt-1 break-words">{message}</p>
    </div>
  );
}

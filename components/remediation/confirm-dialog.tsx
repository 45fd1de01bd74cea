"use client";
/**
 * The confirm dialog of one remediation (remediation guard 4, docs/architecture.md): type the name, write the reason,
 * preview the server-side dry run with every warning, then the final click. The result (done,
 * waiting for approval, or the server's refusal) is shown in place.
 */
import { useEffect, useId, useRef, useState } from "react";
import type { FunctionRef } from "@/lib/domain/function-ref";
import type { ActionOffer } from "@/lib/client/remediation/runbook";
import { useRemediate, type RemediationRequest } from "@/lib/client/remediation/use-remediate";
import type { RemediationAnswer } from "@/lib/domain/wire/remediation";
import { useFormatTimestamp } from "@/lib/client/time-zone";
import { useModalDialog } from "@/lib/client/use-modal-dialog";
import { Checklist } from "./checklist";
import { StepResults } from "./step-results";

const FINAL_LABEL: Record<string, string> = {
  "request-deletion": "Request deletion",
  "retain-and-delete": "Set retain and delete",
  "remove-finalizer": "Remove the finalizer",
  "delete-aws-function": "Delete the AWS function",
};

export function ConfirmDialog({
  functionRef,
  offer,
  twoPersonRule,
  onClose,
  onDone,
}: {
  functionRef: FunctionRef;
  offer: ActionOffer;
  twoPersonRule: boolean;
  onClose: () => void;
  onDone?: (answer: RemediationAnswer) => void;
}) {
  const titleId = useId();
  const [confirm, setConfirm] = useState("");
  const [reason, setReason] = useState("");
  const [preview, setPreview] = useState<RemediationAnswer | null>(null);
  const [result, setResult] = useState<RemediationAnswer | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const dryRun = useRemediate(functionRef);
  const run = useRemediate(functionRef);

  // The panel re-renders every second (its clock) and on every live update, each time with a new
  // onClose: an effect that depended on it moved the focus back to the name field on every
  // render, and under load what the operator typed as the reason landed in the name field.
  // Focus once, on open; Escape, Tab and the focus on close: useModalDialog.
  const dialogRef = useRef<HTMLDivElement>(null);
  useModalDialog(dialogRef, onClose);
  useEffect(() => {
    first.current?.focus();
  }, []);

  const nameOk = confirm === offer.confirmName;
  const reasonOk = reason.trim().length >= 3;
  const request = (isDry: boolean): RemediationRequest => ({
    action: offer.action,
    confirm,
    reason: reason.trim(),
    dryRun: isDry,
    expectedResourceVersion: offer.expectedResourceVersion,
    aws: offer.aws ? { accountId: offer.aws.accountId, region: offer.aws.region, functionName: offer.aws.functionName } : undefined,
    expectedRevisionId: offer.expectedRevisionId,
  });
  const doPreview = () => {
    setPreview(null);
    dryRun.mutate(request(true), { onSuccess: setPreview });
  };
  const doRun = () =>
    run.mutate(request(false), {
      onSuccess: (a) => {
        setResult(a);
        onDone?.(a);
      },
    });
  const finalLabel = twoPersonRule ? "Request approval" : (FINAL_LABEL[offer.action] ?? "Run");

  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center overflow-y-auto bg-slate-950/50 p-4 sm:p-10">
      <div ref={dialogRef} role="dialog" aria-modal="true" aria-labelledby={titleId} className="w-full max-w-2xl rounded-lg border border-slate-300 bg-white shadow-xl dark:border-slate-700 dark:bg-slate-900">
        <div className="flex items-start justify-between gap-4 border-b border-slate-200 px-5 py-3 dark:border-slate-800">
          <div>
            <h2 id={titleId} className="text-base font-semibold">
              {offer.label}
            </h2>
            <p className="break-all text-sm text-slate-600 dark:text-slate-400">
              {offer.aws
                ? `${offer.aws.arn ?? offer.aws.functionName} (account ${offer.aws.accountId}, ${offer.aws.region})`
                : `${functionRef.cluster} / ${functionRef.namespace} / ${functionRef.name}, resourceVersion ${offer.expectedResourceVersion}`}
            </p>
          </div>
          <button type="button" onClick={onClose} className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-slate-200 dark:hover:bg-slate-800">
            Close
          </button>
        </div>

        {result ? (
          <Result answer={result} onClose={onClose} />
        ) : (
          <div className="space-y-4 px-5 py-4">
            {offer.warnings.length ? (
              <section aria-label="Warnings" className="rounded border border-amber-300 bg-amber-50 p-3 dark:border-amber-700 dark:bg-amber-950">
                <h3 className="text-sm font-semibold text-amber-950 dark:text-amber-100">Read before you go on</h3>
                <ul className="mt-1 list-inside list-disc space-y-1 text-sm text-amber-950 dark:text-amber-100">
                  {offer.warnings.map((w, i) => (
                    <li key={i} className="break-words">
                      {w}
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}

            <label className="block text-sm">
              <span className="font-medium">
                Type <code className="rounded bg-slate-100 px-1 font-mono dark:bg-slate-800">{offer.confirmName}</code> to confirm
              </span>
              <input
                ref={first}
                value={confirm}
                onChange={(e) => setConfirm(e.target.value)}
                autoComplete="off"
                spellCheck={false}
                aria-invalid={confirm !== "" && !nameOk}
                className="mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-slate-600 dark:bg-slate-950"
              />
            </label>
            <label className="block text-sm">
              <span className="font-medium">Reason (kept in the audit log)</span>
              <textarea
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                maxLength={500}
                rows={2}
                className="mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-slate-600 dark:bg-slate-950"
              />
            </label>

            <div className="flex flex-wrap gap-2">
              <button
                type="button"
                onClick={doPreview}
                disabled={!nameOk || !reasonOk || dryRun.isPending}
                className="rounded border border-slate-400 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-500 dark:bg-slate-800 dark:hover:bg-slate-700"
              >
                {dryRun.isPending ? "Running the dry run…" : "Preview (server-side dry run)"}
              </button>
              {!nameOk || !reasonOk ? (
                <p className="self-center text-xs text-slate-600 dark:text-slate-400">Type the name and a reason (3 characters or more) first.</p>
              ) : null}
            </div>

            {dryRun.error ? <ErrorBox title="The dry run was refused" message={dryRun.error.message} /> : null}
            {preview ? (
              <section aria-label="Dry run result" className="space-y-2 rounded border border-slate-200 p-3 dark:border-slate-700">
                <h3 className="text-sm font-semibold">Dry run: nothing was changed</h3>
                <StepResults steps={preview.steps} label="Dry run steps" />
                <Checklist checks={preview.checks} label="Checks the server ran" />
              </section>
            ) : null}

            {run.error ? <ErrorBox title="Refused" message={run.error.message} /> : null}
            <div className="flex justify-end gap-2 border-t border-slate-200 pt-3 dark:border-slate-800">
              <button type="button" onClick={onClose} className="rounded px-3 py-1.5 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:hover:bg-slate-800">
                Cancel
              </button>
              <button
                type="button"
                onClick={doRun}
                disabled={!preview || !nameOk || !reasonOk || run.isPending}
                className="rounded bg-red-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed disabled:opacity-50"
              >
                {run.isPending ? "Working…" : finalLabel}
              </button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}

function ErrorBox({ title, message }: { title: string; message: string }) {
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
      <p className="font-semibold">{title}</p>
      <p className="mt-1 break-words">{message}</p>
    </div>
  );
}

function Result({ answer, onClose }: { answer: RemediationAnswer; onClose: () => void }) {
  const formatTimestamp = useFormatTimestamp();
  const pending = answer.status === "pending-approval";
  return (
    <div className="space-y-3 px-5 py-4" role="status">
      <p className={`text-sm font-semibold ${pending ? "text-sky-800 dark:text-sky-300" : "text-emerald-800 dark:text-emerald-300"}`}>
        {pending ? `Waiting for a second operator's approval (expires ${formatTimestamp(answer.expiresAt) ?? "soon"}).` : "Done."}
      </p>
      <StepResults steps={answer.steps} label={pending ? "Dry run steps" : "What was done"} />
      {answer.residual ? (
        <p className="rounded border border-sky-300 bg-sky-50 p-2 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100">
          {answer.residual.retained ? "Retained in AWS on purpose: " : "Left in AWS: "}
          <span className="break-all font-mono">{answer.residual.arn ?? answer.residual.functionName}</span>. The runbook&apos;s last step offers to delete it once the
          object is gone.
        </p>
      ) : null}
      <div className="flex justify-end">
        {/* The form's buttons are gone: the focus goes here rather than to the page behind. */}
        <button type="button" autoFocus onClick={onClose} className="rounded bg-slate-800 px-3 py-1.5 text-sm font-semibold text-white hover:bg-slate-900 focus-visible:outline-2 focus-visible:outline-sky-600 dark:bg-slate-200 dark:text-slate-900">
          Close
        </button>
      </div>
    </div>
  );
}

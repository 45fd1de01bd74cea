"use client";
/**
 * <RemediationPanel cluster namespace name />: the seed runbook for one Function:
 * inspect, the action that fits the verdict, then the AWS clean-up, each with its checklist.
 * Self-contained (its own queries); it keeps working after the object is gone, for step 3.
 */
import Link from "next/link";
import { useId, useMemo, useState } from "react";
import { isNotFound } from "@/lib/client/api-fetch";
import type { FunctionRef } from "@/lib/domain/function-ref";
import { useFunctionDetail } from "@/lib/client/get-function-detail";
import { useMe, useResiduals } from "@/lib/client/remediation/queries";
import { buildRunbook, type ActionOffer, type RunbookStep } from "@/lib/client/remediation/runbook";
import { useNow } from "@/lib/client/use-now";
import { Badge } from "../badge";
import { Checklist } from "./checklist";
import { ConfirmDialog } from "./confirm-dialog";
import { PendingApprovals } from "./pending-approvals";

const STATUS: Record<RunbookStep["status"], { text: string; tone: "info" | "ok" | "neutral" | "warn" }> = {
  current: { text: "to do", tone: "warn" },
  done: { text: "done", tone: "ok" },
  upcoming: { text: "later", tone: "neutral" },
  "not-needed": { text: "not needed", tone: "neutral" },
};

export function RemediationPanel({ cluster, namespace, name }: FunctionRef) {
  const ref = useMemo(() => ({ cluster, namespace, name }), [cluster, namespace, name]);
  const headingId = useId();
  const detail = useFunctionDetail(ref);
  const me = useMe(ref);
  const residuals = useResiduals(ref);
  const now = useNow();
  const [open, setOpen] = useState<ActionOffer | null>(null);

  const gone = isNotFound(detail.error);
  const steps = buildRunbook({
    detail: gone ? null : (detail.data ?? null),
    gone,
    me: me.data ?? null,
    meError: me.error ? me.error.message : null,
    residuals: residuals.data?.items ?? [],
    now,
  });

  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
        <h2 id={headingId} className="text-sm font-semibold">
          Remediation runbook
        </h2>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {me.data ? (
            <>
              Signed in as <span className="font-medium text-slate-900 dark:text-slate-100">{me.data.identity.user}</span> ({me.data.mode} mode)
              {me.data.twoPersonRule ? " · two-person rule on" : ""}
            </>
          ) : me.error ? (
            <span className="text-red-700 dark:text-red-300">Not signed in: {me.error.message}</span>
          ) : (
            "Checking who you are…"
          )}
          {" · "}
          <Link href={`/audit?cluster=${encodeURIComponent(cluster)}&namespace=${encodeURIComponent(namespace)}&name=${encodeURIComponent(name)}`} className="underline">
            audit log
          </Link>
        </p>
      </div>
      <ol className="divide-y divide-slate-200 dark:divide-slate-800">
        {steps.map((step, i) => (
          <li key={step.id} className="px-4 py-3" aria-label={`Step ${i + 1}: ${step.title}`}>
            <div className="flex flex-wrap items-center gap-2">
              <span aria-hidden="true" className="grid h-6 w-6 place-items-center rounded-full bg-slate-800 text-xs font-bold text-white dark:bg-slate-200 dark:text-slate-900">
                {i + 1}
              </span>
              <h3 className="text-sm font-semibold">{step.title}</h3>
              <Badge tone={STATUS[step.status].tone}>{STATUS[step.status].text}</Badge>
            </div>
            {step.summary ? <p className="mt-1 break-words text-sm text-slate-700 dark:text-slate-300">{step.summary}</p> : null}
            <div className="mt-2">
              <Checklist checks={step.checks} label={`${step.title}: checks`} />
            </div>
            <Offers step={step} onOpen={setOpen} />
          </li>
        ))}
      </ol>
      <PendingApprovals functionRef={ref} />
      {open ? <ConfirmDialog key={open.key} functionRef={ref} offer={open} twoPersonRule={me.data?.twoPersonRule ?? false} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}

function Offers({ step, onOpen }: { step: RunbookStep; onOpen: (o: ActionOffer) => void }) {
  if (step.offers.length === 0) return null;
  // What can be done now first; a fitting action that is blocked follows, with why.
  const main = step.offers.filter((o) => o.recommended).sort((a, b) => Number(b.enabled) - Number(a.enabled));
  const others = step.offers.filter((o) => !o.recommended);
  return (
    <div className="mt-2 space-y-2">
      {main.map((o) => (
        <OfferCard key={o.key} offer={o} onOpen={onOpen} />
      ))}
      {others.length ? (
        <details className="rounded border border-dashed border-slate-300 px-3 py-2 dark:border-slate-700">
          <summary className="cursor-pointer text-sm text-slate-700 dark:text-slate-300">Other actions ({others.length})</summary>
          <div className="mt-2 space-y-2">
            {others.map((o) => (
              <OfferCard key={o.key} offer={o} onOpen={onOpen} />
            ))}
          </div>
        </details>
      ) : null}
    </div>
  );
}

function OfferCard({ offer, onOpen }: { offer: ActionOffer; onOpen: (o: ActionOffer) => void }) {
  const reasonId = useId();
  return (
    <div className="rounded border border-slate-200 p-3 dark:border-slate-700" data-action={offer.action}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <h4 className="text-sm font-semibold">{offer.label}</h4>
          {offer.aws ? <span className="break-all font-mono text-xs text-slate-600 dark:text-slate-400">{offer.aws.arn ?? offer.aws.functionName}</span> : null}
          {offer.recommended && offer.action !== "delete-aws-function" ? <Badge tone="info">fits the verdict</Badge> : null}
        </div>
        <button
          type="button"
          onClick={() => onOpen(offer)}
          disabled={!offer.enabled}
          aria-label={`Review: ${offer.label}`}
          aria-describedby={offer.enabled ? undefined : reasonId}
          className="rounded bg-slate-800 px-3 py-1.5 text-sm font-semibold text-white hover:bg-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed disabled:bg-slate-300 disabled:text-slate-600 dark:bg-slate-200 dark:text-slate-900 dark:disabled:bg-slate-700 dark:disabled:text-slate-400"
        >
          Review…
        </button>
      </div>
      {!offer.enabled && offer.disabledReason ? (
        <p id={reasonId} className="mt-1 break-words text-xs text-red-800 dark:text-red-300">
          Not available: {offer.disabledReason}
        </p>
      ) : null}
      <div className="mt-2">
        <Checklist checks={offer.checks} label={`${offer.label}: checks`} />
      </div>
    </div>
  );
}

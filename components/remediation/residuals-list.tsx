"use client";
/**
 * What remediation left in AWS (the finalizer removals' residual functions), each linking to the
 * Function's runbook, with checkboxes to delete many at once through the batch dialog: the
 * server checks each one (still there, still tagged by ACK, not retained on purpose) and runs
 * them one by one like a single clean-up.
 */
import Link from "next/link";
import { useState } from "react";
import { functionHref } from "@/lib/domain/function-ref";
import { ACTION_LABEL } from "@/lib/domain/remediation/actions";
import type { Residual } from "@/lib/domain/wire/remediation";
import { formatAgo } from "@/lib/client/format";
import { useResiduals } from "@/lib/client/remediation/queries";
import { Badge } from "../badge";
import { BatchToolbar, useBatchDialog } from "./batch/batch-toolbar";

const CLEAN_UP = ["delete-aws-function"] as const;
const keyOf = (r: Residual) => `${r.aws.accountId}/${r.aws.region}/${r.aws.functionName}`;

export function ResidualsList({ now }: { now: number }) {
  const residuals = useResiduals(null);
  const [ticked, setTicked] = useState<ReadonlySet<string>>(() => new Set());
  const batch = useBatchDialog(() => setTicked(new Set()));
  const items = residuals.data?.items ?? [];
  const selectable = items.filter((r) => !r.retained);
  const selected = selectable.filter((r) => ticked.has(keyOf(r))).map((r) => ({ ...r.target, aws: r.aws }));
  const toggle = (key: string, on: boolean) =>
    setTicked((prev) => {
      const next = new Set(prev);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  return (
    <section aria-labelledby="na-residuals">
      <h2 id="na-residuals" className="text-base font-semibold">
        Left behind in AWS
      </h2>
      {residuals.error ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Sign in to see what remediation left in AWS ({residuals.error.message}).</p>
      ) : items.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{residuals.data ? "Nothing: every finalizer removal has been cleaned up." : "Loading…"}</p>
      ) : (
        <>
          <div className="mt-2">
            <BatchToolbar
              actions={CLEAN_UP}
              action="delete-aws-function"
              onAction={() => undefined}
              matchingCount={selectable.length}
              matchingLabel="not retained"
              selected={selected}
              onSelectAll={() => setTicked(new Set(selectable.map(keyOf)))}
              onClear={() => setTicked(new Set())}
              onOpen={batch.open}
              label="Clean up many AWS functions"
            />
          </div>
          <ul aria-label="AWS functions left behind" className="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
            {items.map((r) => (
              <li key={keyOf(r)} className="flex items-start gap-3 px-4 py-3 text-sm">
                <input
                  type="checkbox"
                  className="mt-1 size-4"
                  aria-label={`Select ${r.aws.arn ?? r.aws.functionName}`}
                  disabled={r.retained}
                  checked={!r.retained && ticked.has(keyOf(r))}
                  onChange={(e) => toggle(keyOf(r), e.target.checked)}
                />
                <div className="min-w-0 flex-1">
                  <span className="break-all font-mono">{r.aws.arn ?? r.aws.functionName}</span>
                  {r.retained ? <Badge className="ml-2">retained on purpose</Badge> : null}
                  <p className="text-slate-700 dark:text-slate-300">
                    Left by {r.leftBy.user} ({ACTION_LABEL[r.leftBy.action]}, {formatAgo(r.leftBy.at, now)}) from{" "}
                    <Link href={functionHref(r.target)} className="underline">
                      {r.target.cluster}/{r.target.namespace}/{r.target.name}
                    </Link>
                    .
                  </p>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      {batch.element}
    </section>
  );
}

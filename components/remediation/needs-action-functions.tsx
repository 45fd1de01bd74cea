"use client";
/**
 * The Functions with an eligible action (worst first), each linking to its runbook, with
 * checkboxes to act on many at once: pick an action (and a cluster), tick rows or "select all N
 * matching", then the batch dialog (batch/batch-dialog.tsx) previews and runs them.
 */
import Link from "next/link";
import { useRef, useState } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { functionHref } from "@/lib/domain/function-ref";
import { ACTION_LABEL, ACTION_VALUES, type RemediationAction } from "@/lib/domain/remediation/actions";
import type { NeedsAction } from "@/lib/domain/wire/remediation";
import { formatAgo } from "@/lib/client/format";
import { useRowNavigation } from "@/lib/client/use-row-navigation";
import { Badge } from "../badge";
import { HealthBadge } from "../health-badge";
import { BatchToolbar, toolbarSelect, useBatchDialog } from "./batch/batch-toolbar";
import { matchingRows, offeredActions, selectedRows } from "./batch/batch-selection";

export function NeedsActionFunctions({ list, now }: { list: UseQueryResult<NeedsAction, Error>; now: number }) {
  const rows = list.data?.items ?? [];
  const listRef = useRef<HTMLUListElement>(null);
  useRowNavigation(listRef, rows.length);
  const actions = offeredActions(rows, ACTION_VALUES);
  const [chosen, setChosen] = useState<RemediationAction | null>(null);
  const [cluster, setCluster] = useState<string | null>(null);
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const batch = useBatchDialog(() => setTicked(new Set()));
  const action = chosen && actions.includes(chosen) ? chosen : (actions[0] ?? null);
  const filter = { action, cluster };
  const matching = matchingRows(rows, filter);
  const selected = selectedRows(rows, filter, ticked);
  const clusters = [...new Set(rows.map((r) => r.cluster))].sort();
  const toggle = (id: string, on: boolean) => {
    const next = new Set(ticked);
    if (on) next.add(id);
    else next.delete(id);
    setTicked(next);
  };

  return (
    <section aria-labelledby="na-functions">
      <h2 id="na-functions" className="text-base font-semibold">
        Functions with an eligible action {list.data ? <span className="font-normal text-slate-600 dark:text-slate-400">({rows.length})</span> : null}
      </h2>
      {list.error ? (
        <p role="alert" className="mt-2 text-sm text-red-800 dark:text-red-300">
          {list.error.message}
        </p>
      ) : !list.data ? (
        <p className="mt-2 text-sm text-slate-600">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Nothing needs a remediation right now.</p>
      ) : (
        <>
          <div className="mt-2">
            <BatchToolbar
              actions={actions}
              action={action}
              onAction={(a) => (setChosen(a), setTicked(new Set()))}
              matchingCount={matching.length}
              selected={selected}
              onSelectAll={() => setTicked(new Set(matching.map((r) => r.id)))}
              onClear={() => setTicked(new Set())}
              onOpen={batch.open}
            >
              <label className="flex items-center gap-1">
                Cluster
                <select className={toolbarSelect} value={cluster ?? ""} onChange={(e) => setCluster(e.target.value || null)}>
                  <option value="">all clusters</option>
                  {clusters.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </label>
            </BatchToolbar>
          </div>
          <ul ref={listRef} className="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
            {rows.map((i, index) => {
              const selectable = matching.includes(i);
              return (
                <li key={i.id} data-nav-index={index} className="focus-within:bg-sky-50 dark:focus-within:bg-slate-800/60 flex flex-wrap items-start gap-3 px-4 py-3">
                  <input
                    type="checkbox"
                    className="mt-1 size-4"
                    aria-label={`Select ${i.cluster}/${i.namespace}/${i.name}`}
                    disabled={!selectable}
                    checked={selectable && ticked.has(i.id)}
                    onChange={(e) => toggle(i.id, e.target.checked)}
                  />
                  <HealthBadge health={i.health} />
                  <div className="min-w-0 flex-1">
                    <Link href={functionHref(i)} data-nav-target className="break-all rounded font-medium focus-visible:outline-2 focus-visible:outline-sky-600 underline decoration-slate-400 hover:decoration-slate-900">
                      {i.cluster} / {i.namespace} / {i.name}
                    </Link>
                    <p className="break-words text-sm text-slate-700 dark:text-slate-300">{i.summary}</p>
                    {i.since ? <p className="text-xs text-slate-600 dark:text-slate-400">since {formatAgo(i.since, now)}</p> : null}
                  </div>
                  <div className="flex flex-wrap gap-1">
                    {i.actions.map((a) => (
                      <Badge key={a.action} tone="info" title={a.warnings.join("\n")}>
                        {ACTION_LABEL[a.action]}
                      </Badge>
                    ))}
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {batch.element}
    </section>
  );
}

"use client";
/**
 * The toolbar that starts a batch, the same on the overview and on Needs action: pick an action
 * (and whatever filter the page adds), "select all N matching", clear, then open the one batch
 * dialog (batch-dialog.tsx, through useBatchDialog) on the selected Functions. The server checks each one.
 */
import { useState, type ReactNode } from "react";
import { ACTION_LABEL, type RemediationAction } from "@/lib/domain/remediation/actions";
import { usePending } from "@/lib/client/remediation/queries";
import type { BatchTarget } from "@/lib/client/remediation/use-batch";
import { BatchDialog } from "./batch-dialog";

export const toolbarSelect = "rounded border border-slate-300 bg-white px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-slate-600 dark:bg-slate-950";
const button =
  "rounded border border-slate-400 bg-white px-3 py-1 text-sm font-medium hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-500 dark:bg-slate-800 dark:hover:bg-slate-700";

export function BatchToolbar({
  actions,
  action,
  onAction,
  matchingCount,
  matchingLabel = "matching",
  selected,
  onSelectAll,
  onClear,
  onOpen,
  label = "Act on many Functions",
  children,
}: {
  actions: readonly RemediationAction[];
  action: RemediationAction | null;
  onAction: (a: RemediationAction) => void;
  matchingCount: number;
  /** What "select all N …" says the N are. */
  matchingLabel?: string;
  selected: readonly BatchTarget[];
  onSelectAll: () => void;
  onClear: () => void;
  /** Opens the batch dialog (useBatchDialog) on these. */
  onOpen: (action: RemediationAction, items: BatchTarget[]) => void;
  /** The toolbar's accessible name (two on one page must differ). */
  label?: string;
  /** The page's own filters, between the action and the buttons. */
  children?: ReactNode;
}) {
  return (
    <div role="toolbar" aria-label={label} className="flex flex-wrap items-center gap-2 text-sm">
      <label className="flex items-center gap-1">
        Action
        <select className={toolbarSelect} value={action ?? ""} onChange={(e) => onAction(e.target.value as RemediationAction)}>
          {actions.map((a) => (
            <option key={a} value={a}>
              {ACTION_LABEL[a]}
            </option>
          ))}
        </select>
      </label>
      {children}
      <button type="button" className={button} onClick={onSelectAll} disabled={matchingCount === 0}>
        Select all {matchingCount} {matchingLabel}
      </button>
      <button type="button" className={button} onClick={onClear} disabled={selected.length === 0}>
        Clear
      </button>
      <button
        type="button"
        className="rounded bg-red-700 px-3 py-1 text-sm font-semibold text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed disabled:opacity-50"
        disabled={!action || selected.length === 0}
        onClick={() => action && onOpen(action, [...selected])}
      >
        {action ? `${ACTION_LABEL[action]}: ${selected.length} selected…` : "Nothing to act on"}
      </button>
    </div>
  );
}

/**
 * The batch dialog's state, kept by the page section rather than the toolbar: the toolbar goes
 * away when the batch resolves the last listed item, the dialog must stay to show the end.
 * Render `element` where it is always mounted.
 */
export function useBatchDialog(onClosed: () => void) {
  const pending = usePending(null);
  const [dialog, setDialog] = useState<{ action: RemediationAction; items: BatchTarget[] } | null>(null);
  const element = dialog ? <BatchDialog action={dialog.action} items={dialog.items} twoPersonRule={pending.data?.twoPersonRule ?? false} onClose={() => (setDialog(null), onClosed())} /> : null;
  return { open: (action: RemediationAction, items: BatchTarget[]) => setDialog({ action, items }), element };
}

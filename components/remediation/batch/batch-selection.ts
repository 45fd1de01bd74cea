/**
 * The selection a batch starts from: which rows offer the chosen action and match the filter,
 * which of those are ticked, "select all N matching". Rows that stop matching (resolved, or no
 * longer eligible) drop out of the selection by themselves. Pure.
 */
import type { RemediationAction } from "@/lib/domain/remediation/actions";

export interface SelectableRow {
  id: string;
  cluster: string;
  actions: readonly { action: RemediationAction }[];
}

export interface SelectionFilter {
  action: RemediationAction | null;
  cluster: string | null;
}

export function matchingRows<R extends SelectableRow>(rows: readonly R[], f: SelectionFilter): R[] {
  if (!f.action) return [];
  return rows.filter((r) => (!f.cluster || r.cluster === f.cluster) && r.actions.some((a) => a.action === f.action));
}

/** The ticked rows that still match, in the list's order. */
export function selectedRows<R extends SelectableRow>(rows: readonly R[], f: SelectionFilter, ticked: ReadonlySet<string>): R[] {
  return matchingRows(rows, f).filter((r) => ticked.has(r.id));
}

/** The actions offered by any row, in the order of ACTION_VALUES given. */
export function offeredActions(rows: readonly SelectableRow[], order: readonly RemediationAction[]): RemediationAction[] {
  const offered = new Set(rows.flatMap((r) => r.actions.map((a) => a.action)));
  return order.filter((a) => offered.has(a));
}

/**
 * The overview table's columns: header text, sort key and width. Widths are fixed
 * (table-layout: fixed) so that virtualised rows never make columns jump while scrolling.
 */
import type { SortKey } from "@/lib/client/overview-filters";

export interface Column {
  id: string;
  label: string;
  sort: SortKey;
  /** CSS width; the verdict column takes what is left. */
  width?: string;
  /** Long header text for screen readers when the visible one is short. */
  description?: string;
}

export const COLUMNS: Column[] = [
  { id: "verdict", label: "Verdict", sort: "health", description: "health and summary" },
  { id: "since", label: "For", sort: "since", width: "5.75rem", description: "how long in this state" },
  { id: "cluster", label: "Cluster", sort: "cluster", width: "6.25rem" },
  { id: "namespace", label: "Namespace", sort: "namespace", width: "7.5rem" },
  { id: "name", label: "Name", sort: "name", width: "12rem" },
  { id: "awsName", label: "AWS name", sort: "awsName", width: "11rem" },
  { id: "account", label: "Account / region", sort: "account", width: "8.25rem" },
  { id: "k8sState", label: "Kubernetes", sort: "k8sState", width: "6.25rem", description: "state in Kubernetes status" },
  { id: "awsState", label: "AWS", sort: "awsState", width: "6.5rem", description: "live state in AWS" },
];

/** Fixed row height in px: rows are not measured, which keeps scrolling cheap. */
export const ROW_HEIGHT = 44;

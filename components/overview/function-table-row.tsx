/**
 * One Function in the overview table. Memoised: with structural sharing, a poll re-renders only
 * the rows whose data changed; a clock tick re-renders only the age cells (<Age>).
 * Every value from the cluster is rendered as a React text node: never as HTML.
 */
import Link from "next/link";
import { memo } from "react";
import type { ListedRow } from "@/lib/domain/wire/fleet";
import { awsStateLabel } from "@/lib/domain/row-query";
import { functionHref } from "@/lib/domain/function-ref";
import { Age } from "../age";
import { Badge } from "../badge";
import { HealthBadge } from "../health-badge";

const cell = "truncate px-2 align-middle";

function Missing({ what }: { what: string }) {
  return (
    <span className="text-slate-400 dark:text-slate-500">
      <span aria-hidden="true">—</span>
      <span className="sr-only">{what}</span>
    </span>
  );
}

function AwsCell({ row }: { row: ListedRow }) {
  const aws = row.aws;
  if (!aws) return <Missing what="not read yet" />;
  if (!aws.exists) return <Badge tone="danger">Missing</Badge>;
  const label = awsStateLabel(row);
  if (aws.error) {
    // The last read failed: show the last known state inside a warning badge with the error.
    return (
      <Badge tone="warn" title={`AWS read failed: ${aws.error.code}: ${aws.error.message}`}>
        <span aria-hidden="true">⚠</span>
        {label ?? "unreadable"}
        <span className="sr-only"> (last known; AWS read failed: {aws.error.code})</span>
      </Badge>
    );
  }
  if (!label) return <Missing what="unknown" />;
  const differs = Boolean(row.statusState && label !== row.statusState);
  return (
    <span
      className={differs ? "font-semibold text-orange-800 dark:text-orange-300" : ""}
      title={differs ? `Differs from Kubernetes (${row.statusState})` : undefined}
    >
      {differs ? <span aria-hidden="true">≠ </span> : null}
      {label}
      {differs ? <span className="sr-only"> (differs from Kubernetes)</span> : null}
    </span>
  );
}

export const FunctionTableRow = memo(function FunctionTableRow({
  row,
  rowIndex,
  navIndex,
  height,
  checked,
  onToggle,
}: {
  row: ListedRow;
  /** 1-based index among all rows (header is 1), for aria-rowindex in a virtualised table. */
  rowIndex: number;
  /** 0-based position for the keyboard (useRowNavigation). */
  navIndex: number;
  height: number;
  /** With a batch toolbar: whether the row is ticked (undefined: no checkbox). */
  checked?: boolean;
  onToggle?: (id: string, on: boolean) => void;
}) {
  return (
    <tr
      aria-rowindex={rowIndex}
      data-nav-index={navIndex}
      style={{ height }}
      className={`border-b border-slate-100 text-sm hover:bg-sky-50 focus-within:bg-sky-50 dark:focus-within:bg-slate-800/60 dark:border-slate-800 dark:hover:bg-slate-800/60 ${
        row.stale ? "bg-slate-100/70 text-slate-600 dark:bg-slate-900/60 dark:text-slate-400" : ""
      }`}
    >
      {checked !== undefined ? (
        <td className="px-2 align-middle">
          <input
            type="checkbox"
            className="size-4 focus-visible:outline-2 focus-visible:outline-sky-600"
            aria-label={`Select ${row.cluster}/${row.namespace}/${row.name}`}
            checked={checked}
            onChange={(e) => onToggle?.(row.id, e.target.checked)}
          />
        </td>
      ) : null}
      <td className={cell}>
        <span className="flex min-w-0 items-center gap-1.5 whitespace-normal">
          <HealthBadge health={row.verdict.health} />
          {row.stale ? (
            <Badge tone="warn" title="Cluster disconnected: the last known state, confirmed this long ago">
              stale <Age iso={row.observedAt} fallback="" />
            </Badge>
          ) : null}
          {/* Two lines of summary: it is the most useful text of the row. */}
          <span className="line-clamp-2 whitespace-normal break-words text-[0.8rem] leading-[1.05rem] text-slate-700 dark:text-slate-300" title={row.verdict.summary}>
            {row.verdict.summary}
          </span>
        </span>
      </td>
      <td className={`${cell} tabular`}>
        <Age iso={row.verdict.since} fallback={<Missing what="unknown" />} />
      </td>
      <td className={cell} title={row.cluster}>
        {row.cluster}
      </td>
      <td className={cell} title={row.namespace}>
        {row.namespace}
      </td>
      <td className={cell}>
        <Link
          href={functionHref(row)}
          // Prefetching every row that scrolls into view would fetch hundreds of detail pages.
          prefetch={false}
          data-nav-target
          title={row.name}
          className="font-medium text-sky-800 underline-offset-2 hover:underline focus-visible:rounded focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-sky-300"
        >
          {row.name}
        </Link>
      </td>
      <td className={`${cell} font-mono text-xs`} title={row.awsName ?? undefined}>
        {row.awsName ?? <Missing what="not set" />}
      </td>
      <td className={`${cell} text-xs leading-tight`} title={row.arn ?? undefined}>
        <span className="block truncate tabular">{row.accountId ?? <Missing what="account unknown" />}</span>
        <span className="block truncate text-slate-500 dark:text-slate-400">{row.region ?? <Missing what="region unknown" />}</span>
      </td>
      <td className={cell}>{row.statusState ?? <Missing what="no status" />}</td>
      <td className={cell}>
        <AwsCell row={row} />
      </td>
    </tr>
  );
});

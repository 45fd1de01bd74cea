/**
 * The same entries as a table, newest first: the accessible view of the timeline (and the one
 * to read when many things happened at once).
 */
import type { TimelineEntry } from "@/lib/domain/wire/timeline";
import { isStateKind } from "@/lib/domain/timeline/entry";
import { laneLabel, markerLabel } from "@/lib/domain/timeline/lanes";
import { useFormatTimestamp } from "@/lib/client/time-zone";

export function TimelineList({ entries, caption }: { entries: TimelineEntry[]; caption: string }) {
  const formatTimestamp = useFormatTimestamp();
  const rows = [...entries].reverse();
  return (
    <div className="max-h-[32rem] overflow-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 bg-white dark:bg-slate-900">
          <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-600 dark:border-slate-700 dark:text-slate-400">
            <th scope="col" className="py-1.5 pr-3 font-semibold">Time (UTC)</th>
            <th scope="col" className="py-1.5 pr-3 font-semibold">What</th>
            <th scope="col" className="py-1.5 pr-3 font-semibold">Value</th>
            <th scope="col" className="py-1.5 pr-3 font-semibold">Reason and message</th>
            <th scope="col" className="py-1.5 font-semibold">Recorded</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id} className="border-b border-slate-100 align-top dark:border-slate-800">
              <td className="whitespace-nowrap py-1.5 pr-3 text-xs tabular-nums">{formatTimestamp(e.at)}</td>
              <th scope="row" className="py-1.5 pr-3 text-left text-xs font-medium">
                {isStateKind(e.kind) ? laneLabel(e.lane) : markerLabel(e)}
              </th>
              <td className="py-1.5 pr-3 font-mono text-xs">{e.value ?? (isStateKind(e.kind) ? "absent" : "")}</td>
              <td className="py-1.5 pr-3 text-xs">
                {e.reason ? <p className="whitespace-pre-wrap break-words font-medium">{e.reason}</p> : null}
                {e.message ? <p className="whitespace-pre-wrap break-words text-slate-700 dark:text-slate-300">{e.message}</p> : null}
              </td>
              <td className="py-1.5 text-xs text-slate-600 dark:text-slate-400">{e.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

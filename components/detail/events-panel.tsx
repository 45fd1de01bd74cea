/** The Function's core/v1 Events, newest first. Text only: messages come from the cluster. */
import type { FunctionEvent } from "@/lib/domain/wire/detail";
import { formatAgo, parseTime } from "@/lib/client/format";
import { useFormatTimestamp } from "@/lib/client/time-zone";
import { Badge } from "../badge";
import { Panel } from "../panel";

function sourceText(source: unknown): string | null {
  if (typeof source === "string") return source;
  if (source && typeof source === "object" && "component" in source && typeof source.component === "string") return source.component;
  return null;
}

export function EventsPanel({ events, now }: { events: FunctionEvent[]; now: number }) {
  const formatTimestamp = useFormatTimestamp();
  const sorted = [...events].sort(
    (a, b) => (parseTime(b.lastTimestamp ?? b.firstTimestamp) ?? 0) - (parseTime(a.lastTimestamp ?? a.firstTimestamp) ?? 0),
  );
  return (
    <Panel title={`Events (${events.length})`}>
      {sorted.length ? (
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">Kubernetes events about this Function, newest first</caption>
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-600 dark:border-slate-700 dark:text-slate-400">
              <th scope="col" className="py-1.5 pr-3 font-semibold">Type</th>
              <th scope="col" className="py-1.5 pr-3 font-semibold">Reason</th>
              <th scope="col" className="py-1.5 pr-3 font-semibold">Message</th>
              <th scope="col" className="py-1.5 pr-3 font-semibold">Count</th>
              <th scope="col" className="py-1.5 pr-3 font-semibold">Last seen</th>
              <th scope="col" className="py-1.5 font-semibold">Source</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((e, i) => (
              <tr key={i} className="border-b border-slate-100 align-top dark:border-slate-800">
                <td className="py-1.5 pr-3">
                  <Badge tone={e.type === "Warning" ? "warn" : "neutral"}>{e.type ?? "?"}</Badge>
                </td>
                <td className="py-1.5 pr-3 font-medium">{e.reason}</td>
                <td className="whitespace-pre-wrap break-words py-1.5 pr-3">{e.message}</td>
                <td className="py-1.5 pr-3 tabular">{e.count ?? 1}</td>
                <td className="whitespace-nowrap py-1.5 pr-3 text-xs tabular" title={formatTimestamp(e.lastTimestamp ?? e.firstTimestamp) ?? undefined}>
                  {formatAgo(e.lastTimestamp ?? e.firstTimestamp, now)}
                </td>
                <td className="py-1.5 text-xs">{sourceText(e.source)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">No events (Kubernetes keeps them for one hour by default).</p>
      )}
    </Panel>
  );
}

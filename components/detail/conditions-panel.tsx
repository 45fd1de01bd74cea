/** Every condition with its full message and last transition (docs/ack-lambda-controller.md "Conditions"). */
import type { Condition } from "@/lib/domain/wire/fleet";
import { formatAgo } from "@/lib/client/format";
import { useFormatTimestamp } from "@/lib/client/time-zone";
import { Badge, type BadgeTone } from "../badge";
import { Panel } from "../panel";

/** What True means differs per type: True is bad for Terminal and Recoverable. */
function toneOf(c: Condition): BadgeTone {
  const bad = c.type === "ACK.Terminal" || c.type === "ACK.Recoverable";
  if (c.status === "True") return bad ? "danger" : "ok";
  if (c.status === "False") return bad ? "ok" : "warn";
  return "neutral";
}

export function ConditionsPanel({ conditions, now }: { conditions: Condition[]; now: number }) {
  const formatTimestamp = useFormatTimestamp();
  return (
    <Panel title={`Conditions (${conditions.length})`}>
      {conditions.length ? (
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">status.conditions of the Function</caption>
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-600 dark:border-slate-700 dark:text-slate-400">
              <th scope="col" className="py-1.5 pr-3 font-semibold">Type</th>
              <th scope="col" className="py-1.5 pr-3 font-semibold">Status</th>
              <th scope="col" className="py-1.5 pr-3 font-semibold">Reason and message</th>
              <th scope="col" className="py-1.5 font-semibold">Last transition</th>
            </tr>
          </thead>
          <tbody>
            {conditions.map((c, i) => (
              <tr key={`${c.type}-${i}`} className="border-b border-slate-100 align-top dark:border-slate-800">
                <th scope="row" className="py-2 pr-3 text-left font-mono text-xs font-medium">
                  {c.type}
                </th>
                <td className="py-2 pr-3">
                  <Badge tone={toneOf(c)}>{c.status}</Badge>
                </td>
                <td className="py-2 pr-3">
                  {c.reason ? <p className="whitespace-pre-wrap break-words font-medium">{c.reason}</p> : null}
                  {c.message ? (
                    <p className="whitespace-pre-wrap break-words text-slate-700 dark:text-slate-300">{c.message}</p>
                  ) : null}
                  {!c.reason && !c.message ? <span className="text-slate-500">no message</span> : null}
                </td>
                <td className="whitespace-nowrap py-2 text-xs tabular">
                  {c.lastTransitionTime ? (
                    <>
                      <span className="block">{formatTimestamp(c.lastTransitionTime) ?? c.lastTransitionTime}</span>
                      <span className="block text-slate-600 dark:text-slate-400">{formatAgo(c.lastTransitionTime, now)}</span>
                    </>
                  ) : (
                    <span className="text-slate-500">not given</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">No conditions yet: the controller has not reconciled this Function.</p>
      )}
    </Panel>
  );
}

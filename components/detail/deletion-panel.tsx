/**
 * Deletion state: deletionTimestamp and its age, the finalizers (the ACK one marked), and the
 * annotations that change what the controller does on delete and adopt (docs/ack-lambda-controller.md
 * "Finalizer and deletion").
 */
import { ACK_FUNCTION_FINALIZER } from "@/lib/domain/ack";
import { formatAge } from "@/lib/client/format";
import { useFormatTimestamp } from "@/lib/client/time-zone";
import { importantAnnotations } from "@/lib/client/function-object";
import type { FunctionDetail } from "@/lib/domain/wire/detail";
import { Badge } from "../badge";
import { Panel } from "../panel";

export function DeletionPanel({ detail, now }: { detail: FunctionDetail; now: number }) {
  const formatTimestamp = useFormatTimestamp();
  const deletionAge = formatAge(detail.deletionTimestamp, now);
  const annotations = importantAnnotations(detail.annotations, detail.object);
  return (
    <Panel title="Deletion, finalizers and annotations">
      <dl className="space-y-3 text-sm">
        <div>
          <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">Deletion requested</dt>
          <dd className="mt-0.5">
            {detail.deletionTimestamp ? (
              <span className="flex flex-wrap items-center gap-2">
                <Badge tone="danger">yes, {deletionAge ?? "unknown time"} ago</Badge>
                <span className="text-xs tabular text-slate-700 dark:text-slate-300">
                  deletionTimestamp {formatTimestamp(detail.deletionTimestamp) ?? detail.deletionTimestamp}
                </span>
              </span>
            ) : (
              "no"
            )}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
            Finalizers ({detail.finalizers.length})
          </dt>
          <dd className="mt-0.5">
            {detail.finalizers.length ? (
              <ul className="space-y-1">
                {detail.finalizers.map((f) => (
                  <li key={f} className="flex flex-wrap items-center gap-1.5">
                    <code className="break-all font-mono text-xs">{f}</code>
                    {f === ACK_FUNCTION_FINALIZER ? <Badge tone="info">ACK controller</Badge> : <Badge>other</Badge>}
                  </li>
                ))}
              </ul>
            ) : (
              <span className="text-slate-600 dark:text-slate-400">none: nothing holds the object on delete</span>
            )}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">Annotations that matter</dt>
          <dd className="mt-1">
            <table className="w-full border-collapse text-xs">
              <caption className="sr-only">ACK annotations on this Function</caption>
              <tbody>
                {annotations.map((a) => (
                  <tr key={a.key} className="border-b border-slate-100 align-top dark:border-slate-800">
                    <th scope="row" className="py-1 pr-2 text-left font-normal">
                      <span className="block font-medium text-slate-800 dark:text-slate-200" title={a.meaning}>
                        {a.label}
                      </span>
                      <code className="block break-all font-mono text-[0.7rem] text-slate-500 dark:text-slate-400">{a.key}</code>
                    </th>
                    <td className="py-1 text-right">
                      {a.value !== null ? (
                        <code className="break-all font-mono font-semibold">{a.value}</code>
                      ) : (
                        <span className="text-slate-500 dark:text-slate-400">not set</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </dd>
        </div>
      </dl>
    </Panel>
  );
}

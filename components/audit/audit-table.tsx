/**
 * The audit log as a table, newest first: who (and groups), when, what, on which object, why,
 * the preconditions, the outcome and the error. Read-only: entries cannot be changed here or
 * anywhere in the product. Everything from the server is rendered as text.
 */
import Link from "next/link";
import { functionHref } from "@/lib/domain/function-ref";
import { useFormatTimestamp } from "@/lib/client/time-zone";
import { ACTION_LABEL } from "@/lib/domain/remediation/actions";
import type { AuditEntry } from "@/lib/domain/wire/audit";
import { Badge, type BadgeTone } from "../badge";

const OUTCOME_TONE: Record<string, BadgeTone> = { succeeded: "ok", failed: "danger", refused: "warn", pending: "info" };

function preconditionText(p: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof p.resourceVersion === "string") parts.push(`rv ${p.resourceVersion}`);
  if (typeof p.finalizerIndex === "number") parts.push(`finalizer #${p.finalizerIndex}`);
  const aws = p.aws as { functionName?: string } | undefined;
  if (aws?.functionName) parts.push(`AWS ${aws.functionName}`);
  if (typeof p.revisionId === "string") parts.push(`revision ${p.revisionId.slice(0, 8)}`);
  const by = p.approvedBy as { user?: string } | undefined;
  if (by?.user) parts.push(`approved by ${by.user}`);
  return parts.join(", ");
}

/** Every authenticated user is in system:authenticated: saying so adds nothing. */
const groupsOf = (e: AuditEntry) => e.actor.groups.filter((g) => g !== "system:authenticated");

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const formatTimestamp = useFormatTimestamp();
  if (entries.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No audit entries match.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Remediation audit log, newest first</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600 dark:border-slate-800 dark:bg-slate-950 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-3 py-2">When (UTC)</th>
            <th scope="col" className="px-3 py-2">Who</th>
            <th scope="col" className="px-3 py-2">Action</th>
            <th scope="col" className="px-3 py-2">Step</th>
            <th scope="col" className="px-3 py-2">Outcome</th>
            <th scope="col" className="px-3 py-2">Function</th>
            <th scope="col" className="px-3 py-2">Reason</th>
            <th scope="col" className="px-3 py-2">Preconditions / error</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {entries.map((e) => (
            <tr key={e.id} className="align-top" data-phase={e.phase}>
              <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{formatTimestamp(e.at)}</td>
              <td className="px-3 py-2">
                <span className="break-words font-medium">{e.actor.user}</span>
                {groupsOf(e).length ? <span className="block text-xs text-slate-600 dark:text-slate-400">{groupsOf(e).join(", ")}</span> : null}
              </td>
              <td className="whitespace-nowrap px-3 py-2">{ACTION_LABEL[e.action]}</td>
              <td className="whitespace-nowrap px-3 py-2">{e.phase}</td>
              <td className="whitespace-nowrap px-3 py-2">
                {e.outcome ? <Badge tone={OUTCOME_TONE[e.outcome] ?? "neutral"}>{e.outcome}</Badge> : <span className="text-slate-500">—</span>}
                {e.status ? <span className="ml-1 font-mono text-xs text-slate-600 dark:text-slate-400">{e.status}</span> : null}
              </td>
              <td className="px-3 py-2">
                <Link href={functionHref(e)} className="break-all underline decoration-slate-400 hover:decoration-slate-900">
                  {e.cluster}/{e.namespace}/{e.name}
                </Link>
                {e.uid ? <span className="block font-mono text-xs text-slate-500">uid {e.uid.slice(0, 8)}…</span> : null}
              </td>
              <td className="max-w-xs break-words px-3 py-2">{e.reason || <span className="text-slate-500">—</span>}</td>
              <td className="max-w-sm break-words px-3 py-2 text-xs">
                {preconditionText(e.preconditions)}
                {e.error ? <span className="block text-red-800 dark:text-red-300">{e.error}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

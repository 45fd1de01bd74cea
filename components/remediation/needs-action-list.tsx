"use client";
/**
 * The "needs action" view: Functions whose verdict proposes a remediation that is eligible now
 * (worst first), the AWS functions remediation left behind, and requests waiting for approval.
 * Each links to the Function's runbook, where the person's permissions are checked.
 */
import Link from "next/link";
import { functionHref } from "@/lib/domain/function-ref";
import { formatAgo } from "@/lib/client/format";
import { useNeedsAction, useResiduals } from "@/lib/client/remediation/queries";
import { ACTION_LABEL } from "@/lib/domain/remediation/actions";
import { useNow } from "@/lib/client/use-now";
import { Badge } from "../badge";
import { PendingApprovals } from "./pending-approvals";
import { NeedsActionFunctions } from "./needs-action-functions";

export function NeedsActionList() {
  const list = useNeedsAction();
  const residuals = useResiduals(null);
  const now = useNow(5_000);
  return (
    <div className="space-y-6">
      <NeedsActionFunctions list={list} now={now} />

      <section aria-labelledby="na-residuals">
        <h2 id="na-residuals" className="text-base font-semibold">
          Left behind in AWS
        </h2>
        {residuals.error ? (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Sign in to see what remediation left in AWS ({residuals.error.message}).</p>
        ) : !residuals.data || residuals.data.items.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{residuals.data ? "Nothing: every finalizer removal has been cleaned up." : "Loading…"}</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
            {residuals.data.items.map((r) => (
              <li key={`${r.aws.accountId}/${r.aws.region}/${r.aws.functionName}`} className="px-4 py-3 text-sm">
                <span className="break-all font-mono">{r.aws.arn ?? r.aws.functionName}</span>
                {r.retained ? <Badge className="ml-2">retained on purpose</Badge> : null}
                <p className="text-slate-700 dark:text-slate-300">
                  Left by {r.leftBy.user} ({ACTION_LABEL[r.leftBy.action]}, {formatAgo(r.leftBy.at, now)}) from{" "}
                  <Link href={functionHref(r.target)} className="underline">
                    {r.target.cluster}/{r.target.namespace}/{r.target.name}
                  </Link>
                  : clean it up from that page.
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <PendingApprovals functionRef={null} />
      </div>
    </div>
  );
}

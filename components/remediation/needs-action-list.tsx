"use client";
/**
 * The "needs action" view: Functions whose verdict proposes a remediation that is eligible now
 * (worst first), the AWS functions remediation left behind, and requests waiting for approval.
 * Each links to the Function's runbook, where the person's permissions are checked.
 */
import { useNeedsAction } from "@/lib/client/remediation/queries";
import { useNow } from "@/lib/client/use-now";
import { PendingBatches } from "./batch/pending-batches";
import { PendingApprovals } from "./pending-approvals";
import { ResidualsList } from "./residuals-list";
import { NeedsActionFunctions } from "./needs-action-functions";

export function NeedsActionList() {
  const list = useNeedsAction();
  const now = useNow(5_000);
  return (
    <div className="space-y-6">
      <NeedsActionFunctions list={list} now={now} />

      <ResidualsList now={now} />

      <div className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <PendingApprovals functionRef={null} />
        <PendingBatches />
      </div>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { NeedsActionList } from "@/components/remediation/needs-action-list";

export const metadata: Metadata = { title: "Needs action" };

/** /needs-action: what remediation can fix now, what it left behind, what waits for approval. */
export default function NeedsActionPage() {
  return (
    <div className="mx-auto max-w-[100rem] space-y-4 px-4 py-4 sm:px-6">
      <div>
        <h1 className="text-lg font-semibold">Needs action</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Functions whose verdict proposes a remediation that is allowed now. Open one to walk its runbook; every click is checked, previewed and{" "}
          <Link href="/audit" className="underline">
            audited
          </Link>
          .
        </p>
      </div>
      <NeedsActionList />
    </div>
  );
}

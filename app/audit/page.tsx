import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditView } from "@/components/audit/audit-view";

export const metadata: Metadata = { title: "Audit log" };

/** /audit: every remediation attempt, refusal and outcome (append-only; remediation guard 5, docs/architecture.md). */
export default function AuditPage() {
  return (
    <div className="mx-auto max-w-[100rem] space-y-3 px-4 py-4 sm:px-6">
      <div>
        <h1 className="text-lg font-semibold">Audit log</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Every remediation the dashboard was asked for: the attempt before it ran, the outcome after, and every refusal. Entries cannot be edited or deleted.
        </p>
      </div>
      <Suspense fallback={<p className="text-sm">Loading…</p>}>
        <AuditView />
      </Suspense>
    </div>
  );
}

"use client";
/** The Audit page: filters in the URL, the table, refreshed every few seconds. */
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useAudit, type AuditFilter } from "@/lib/client/remediation/queries";
import { AuditFilters } from "./audit-filters";
import { AuditTable } from "./audit-table";

const KEYS: Array<keyof AuditFilter> = ["cluster", "namespace", "name", "user", "action", "outcome"];

export function AuditView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filter: AuditFilter = Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v));
  const audit = useAudit(filter);
  const setFilter = (f: AuditFilter) => {
    const q = new URLSearchParams();
    for (const k of KEYS) if (f[k]) q.set(k, f[k]!);
    router.replace(q.size ? `${pathname}?${q.toString()}` : pathname, { scroll: false });
  };
  return (
    <div className="space-y-3">
      <AuditFilters filter={filter} onChange={setFilter} />
      {audit.error ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          The audit log could not be read: {audit.error.message}
        </p>
      ) : audit.data ? (
        <>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            {audit.data.items.length} entr{audit.data.items.length === 1 ? "y" : "ies"}, newest first (at most 500 shown; narrow the filters to see older ones).
          </p>
          <AuditTable entries={audit.data.items} />
        </>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">Loading the audit log…</p>
      )}
    </div>
  );
}

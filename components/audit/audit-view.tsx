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
  const exportQuery = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === "string")).toString();
  return (
    <div className="space-y-3">
      <AuditFilters filter={filter} onChange={setFilter} />
      <nav aria-label="Export" className="flex items-center gap-1.5 text-xs text-slate-700 dark:text-slate-300">
        <span className="font-medium">Export every matching entry</span>
        {(["csv", "json"] as const).map((f) => (
          <a
            key={f}
            download
            href={`/api/export/audit?format=${f}${exportQuery ? `&${exportQuery}` : ""}`}
            className="inline-flex h-7 items-center rounded border border-slate-300 px-2 font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            {f.toUpperCase()}
          </a>
        ))}
      </nav>
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

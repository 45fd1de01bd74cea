"use client";
/** The Audit page's filters; their values live in the URL (shareable, back button works). */
import type { AuditFilter } from "@/lib/client/remediation/queries";
import { ACTION_LABEL } from "@/lib/domain/remediation/actions";

const TEXT_FIELDS: Array<{ key: keyof AuditFilter; label: string }> = [
  { key: "cluster", label: "Cluster" },
  { key: "namespace", label: "Namespace" },
  { key: "name", label: "Name" },
  { key: "user", label: "User" },
];

export function AuditFilters({ filter, onChange }: { filter: AuditFilter; onChange: (f: AuditFilter) => void }) {
  const field = "mt-0.5 block w-40 rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-950";
  return (
    <form role="search" aria-label="Filter the audit log" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
      {TEXT_FIELDS.map((f) => (
        <label key={f.key} className="text-xs font-medium">
          {f.label}
          <input className={field} value={filter[f.key] ?? ""} onChange={(e) => onChange({ ...filter, [f.key]: e.target.value || undefined })} />
        </label>
      ))}
      <label className="text-xs font-medium">
        Action
        <select className={field} value={filter.action ?? ""} onChange={(e) => onChange({ ...filter, action: e.target.value || undefined })}>
          <option value="">any</option>
          {Object.entries(ACTION_LABEL).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label className="text-xs font-medium">
        Outcome
        <select className={field} value={filter.outcome ?? ""} onChange={(e) => onChange({ ...filter, outcome: e.target.value || undefined })}>
          <option value="">any</option>
          <option value="succeeded">succeeded</option>
          <option value="failed">failed</option>
          <option value="refused">refused</option>
          <option value="pending">pending</option>
        </select>
      </label>
      {Object.values(filter).some(Boolean) ? (
        <button type="button" onClick={() => onChange({})} className="rounded px-2 py-1 text-sm underline">
          Clear filters
        </button>
      ) : null}
    </form>
  );
}

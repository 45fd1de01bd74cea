/**
 * Filters of the overview: cluster, namespace, health (several at once) and free text.
 * Every control has a visible label; health toggles are buttons with aria-pressed.
 */
import { useId, useState } from "react";
import { HEALTH_VALUES, type Health } from "@/lib/domain/health";
import { formatCount } from "@/lib/client/format";
import { hasActiveFilters, type OverviewFilters } from "@/lib/client/overview-filters";
import { ATTENTION_HEALTH } from "@/lib/domain/health";
import { HEALTH_LABEL, HEALTH_STYLE } from "../health-badge";
import type { HealthCounts } from "@/lib/domain/fleet-summary";

const control =
  "h-8 rounded border border-slate-300 bg-white px-2 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100";

function sameSet(a: readonly string[], b: readonly string[]) {
  return a.length === b.length && a.every((x) => b.includes(x));
}

export function FilterBar({
  filters,
  clusters,
  namespaces,
  healthCounts,
  shown,
  total,
  onChange,
}: {
  filters: OverviewFilters;
  clusters: string[];
  namespaces: readonly string[];
  /** Counts per health with the other filters applied, so each toggle tells what it will show. */
  healthCounts: HealthCounts;
  shown: number;
  total: number;
  onChange: (patch: Partial<OverviewFilters>, mode?: "push" | "replace") => void;
}) {
  const id = useId();
  // The text box owns what is being typed; the URL follows it (replace, not push, per keystroke).
  const [text, setText] = useState(filters.q);
  const [seenQ, setSeenQ] = useState(filters.q);
  if (filters.q !== seenQ) {
    // The query changed from outside (back button, a shared link): show it.
    setSeenQ(filters.q);
    setText(filters.q);
  }
  const toggle = (h: Health) => {
    const next = filters.health.includes(h) ? filters.health.filter((x) => x !== h) : [...filters.health, h];
    onChange({ health: next });
  };
  const attention = sameSet(filters.health, ATTENTION_HEALTH);
  const attentionCount = ATTENTION_HEALTH.reduce((n, h) => n + (healthCounts[h] ?? 0), 0);

  return (
    <search aria-label="Filter Functions" className="flex flex-wrap items-end gap-x-4 gap-y-2">
      <div className="flex flex-col gap-0.5">
        <label htmlFor={`${id}-cluster`} className="text-xs font-medium text-slate-700 dark:text-slate-300">
          Cluster
        </label>
        <select
          id={`${id}-cluster`}
          className={control}
          value={filters.cluster ?? ""}
          onChange={(e) => onChange({ cluster: e.target.value || null, namespace: null })}
        >
          <option value="">All clusters</option>
          {clusters.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-0.5">
        <label htmlFor={`${id}-namespace`} className="text-xs font-medium text-slate-700 dark:text-slate-300">
          Namespace
        </label>
        <select
          id={`${id}-namespace`}
          className={control}
          value={filters.namespace ?? ""}
          onChange={(e) => onChange({ namespace: e.target.value || null })}
        >
          <option value="">All namespaces</option>
          {filters.namespace && !namespaces.includes(filters.namespace) ? (
            <option value={filters.namespace}>{filters.namespace}</option>
          ) : null}
          {namespaces.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      <div className="flex min-w-[16rem] flex-1 flex-col gap-0.5">
        <div className="flex items-baseline justify-between gap-2">
          <label htmlFor={`${id}-q`} className="text-xs font-medium text-slate-700 dark:text-slate-300">
            Search
          </label>
          <span className="flex items-baseline gap-2">
            <span aria-live="polite" className="text-xs text-slate-700 tabular dark:text-slate-300">
              {formatCount(shown)} of {formatCount(total)} Functions
            </span>
            {hasActiveFilters(filters) ? (
              <button
                type="button"
                onClick={() => onChange({ cluster: null, namespace: null, health: [], q: "" })}
                className="text-xs font-medium text-sky-800 underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-sky-300"
              >
                Clear filters
              </button>
            ) : null}
          </span>
        </div>
        <input
          id={`${id}-q`}
          type="search"
          data-shortcut="search"
          aria-keyshortcuts="/"
          className={control}
          placeholder="name, ARN, account, summary…"
          value={text}
          maxLength={200}
          onChange={(e) => {
            setText(e.target.value);
            setSeenQ(e.target.value);
            onChange({ q: e.target.value }, "replace");
          }}
        />
      </div>
      <fieldset className="flex flex-col gap-0.5">
        <legend className="mb-0.5 text-xs font-medium text-slate-700 dark:text-slate-300">Health</legend>
        <div className="flex flex-wrap gap-1">
          <button
            type="button"
            aria-pressed={attention}
            onClick={() => onChange({ health: attention ? [] : [...ATTENTION_HEALTH] })}
            className="h-8 rounded border border-slate-400 px-2 text-xs font-semibold text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600 aria-pressed:bg-slate-900 aria-pressed:text-white dark:border-slate-500 dark:text-slate-100 dark:hover:bg-slate-800 dark:aria-pressed:bg-slate-100 dark:aria-pressed:text-slate-900"
          >
            Needs attention <span className="tabular">{formatCount(attentionCount)}</span>
          </button>
          {HEALTH_VALUES.map((h) => {
            const pressed = filters.health.includes(h);
            return (
              <button
                key={h}
                type="button"
                aria-pressed={pressed}
                onClick={() => toggle(h)}
                className={`h-8 rounded px-2 text-xs font-medium ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600 ${
                  pressed
                    ? `${HEALTH_STYLE[h]} outline-2 outline-offset-1 outline-slate-900 dark:outline-slate-100`
                    : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-100 dark:bg-slate-900 dark:text-slate-300 dark:ring-slate-700 dark:hover:bg-slate-800"
                }`}
              >
                {pressed ? <span aria-hidden="true">✓ </span> : null}
                {HEALTH_LABEL[h]} <span className="tabular opacity-80">{formatCount(healthCounts[h] ?? 0)}</span>
              </button>
            );
          })}
        </div>
      </fieldset>
    </search>
  );
}

/**
 * A verdict's health as a badge: colour AND text, never colour alone (WCAG 1.4.1), and a shape
 * that differs between the "needs attention" group and the rest.
 */
import type { Health } from "@/lib/domain/health";

export const HEALTH_LABEL: Record<Health, string> = {
  "deletion-blocked": "Deletion blocked",
  stuck: "Stuck",
  terminal: "Terminal",
  failed: "Failed",
  drift: "Drift",
  degraded: "Degraded",
  progressing: "Progressing",
  healthy: "Healthy",
  unknown: "Unknown",
};

/** Tailwind classes per health, chosen for at least 4.5:1 text contrast in both themes. */
export const HEALTH_STYLE: Record<Health, string> = {
  "deletion-blocked":
    "bg-red-700 text-white ring-red-800 dark:bg-red-600 dark:text-white dark:ring-red-400",
  stuck: "bg-red-100 text-red-900 ring-red-300 dark:bg-red-950 dark:text-red-100 dark:ring-red-700",
  terminal:
    "bg-fuchsia-100 text-fuchsia-900 ring-fuchsia-300 dark:bg-fuchsia-950 dark:text-fuchsia-100 dark:ring-fuchsia-700",
  failed: "bg-rose-100 text-rose-900 ring-rose-300 dark:bg-rose-950 dark:text-rose-100 dark:ring-rose-700",
  drift:
    "bg-orange-100 text-orange-900 ring-orange-300 dark:bg-orange-950 dark:text-orange-100 dark:ring-orange-700",
  degraded:
    "bg-amber-100 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-700",
  progressing: "bg-sky-100 text-sky-900 ring-sky-300 dark:bg-sky-950 dark:text-sky-100 dark:ring-sky-700",
  healthy:
    "bg-emerald-50 text-emerald-900 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-100 dark:ring-emerald-800",
  unknown: "bg-slate-100 text-slate-800 ring-slate-300 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-600",
};

/** Marks: a filled diamond for "act now", a ring for "watch", a dot for "fine". */
const HEALTH_MARK: Record<Health, string> = {
  "deletion-blocked": "◆",
  stuck: "◆",
  terminal: "◆",
  failed: "◆",
  drift: "▲",
  degraded: "▲",
  progressing: "○",
  healthy: "●",
  unknown: "?",
};

export function HealthBadge({ health, className = "" }: { health: Health; className?: string }) {
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${HEALTH_STYLE[health]} ${className}`}
    >
      <span aria-hidden="true" className="text-[0.65rem] leading-none">
        {HEALTH_MARK[health]}
      </span>
      {HEALTH_LABEL[health]}
    </span>
  );
}

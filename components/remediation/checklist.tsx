/** A list of checks, each passed / warning / blocked, with its reason as text (never colour alone). */
import type { Check } from "@/lib/domain/wire/remediation";

const MARK: Record<Check["state"], { icon: string; word: string; tone: string }> = {
  passed: { icon: "✓", word: "passed", tone: "text-emerald-700 dark:text-emerald-300" },
  warning: { icon: "!", word: "warning", tone: "text-amber-700 dark:text-amber-300" },
  blocked: { icon: "✕", word: "blocked", tone: "text-red-700 dark:text-red-300" },
};

export function Checklist({ checks, label }: { checks: Check[]; label: string }) {
  if (checks.length === 0) return null;
  return (
    <ul aria-label={label} className="space-y-1 text-sm">
      {checks.map((c, i) => {
        const m = MARK[c.state];
        return (
          <li key={i} className="flex gap-2" data-state={c.state}>
            <span aria-hidden="true" className={`mt-0.5 w-4 shrink-0 text-center font-bold ${m.tone}`}>
              {m.icon}
            </span>
            <span className="min-w-0 break-words">
              <span className="sr-only">{m.word}: </span>
              <span className="font-medium">{c.label}</span>
              {c.detail ? <span className="text-slate-700 dark:text-slate-300"> — {c.detail}</span> : null}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

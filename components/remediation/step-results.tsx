/** What the server did (or would do, in a dry run), step by step. */
import type { StepResult } from "@/lib/domain/wire/remediation";

export function StepResults({ steps, label }: { steps: StepResult[]; label: string }) {
  return (
    <ol aria-label={label} className="space-y-1 text-sm">
      {steps.map((s, i) => (
        <li key={i} className="rounded border border-slate-200 px-2 py-1 dark:border-slate-700">
          <span className={`font-medium ${s.ok ? "text-emerald-800 dark:text-emerald-300" : "text-red-800 dark:text-red-300"}`}>
            {s.ok ? (s.dryRun ? "Would succeed" : "Done") : s.ran ? "Failed" : "Not run"}:
          </span>{" "}
          <span className="font-medium">{s.title}</span>
          <span className="block break-words text-slate-700 dark:text-slate-300">{s.message}</span>
        </li>
      ))}
    </ol>
  );
}

/** The verdict's reasons: each a sentence, its code, and the rule's source. */
import type { Verdict } from "@/lib/domain/wire/fleet";
import { Panel } from "../panel";

export function VerdictPanel({ verdict }: { verdict: Verdict }) {
  return (
    <Panel title="Verdict and reasons">
      {verdict.reasons.length ? (
        <ol className="space-y-3">
          {verdict.reasons.map((r, i) => (
            <li key={`${r.code}-${i}`} className="text-sm">
              <p className="whitespace-pre-wrap break-words text-slate-900 dark:text-slate-100">{r.text}</p>
              <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
                <code className="font-mono">{r.code}</code>
                {r.source ? <> · source: {r.source}</> : null}
              </p>
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">No particular reason: {verdict.summary}</p>
      )}
    </Panel>
  );
}

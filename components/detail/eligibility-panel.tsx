/**
 * Which remediations the server would allow now, with blockers and warnings (read-only here:
 * the remediation flow itself is a separate screen).
 */
import { ACTION_LABEL, ACTION_VALUES, type RemediationAction } from "@/lib/domain/remediation/actions";
import type { Eligibility } from "@/lib/domain/wire/remediation";
import { Badge } from "../badge";
import { Panel } from "../panel";

export function EligibilityPanel({ eligibility }: { eligibility: Partial<Record<RemediationAction, Eligibility>> }) {
  const entries = ACTION_VALUES.flatMap((action) => (eligibility[action] ? [[action, eligibility[action]] as const] : []));
  return (
    <Panel title="Remediation eligibility">
      {entries.length ? (
        <ul className="space-y-2 text-sm">
          {entries.map(([action, e]) => (
            <li key={action}>
              <div className="flex flex-wrap items-center gap-1.5">
                <span className="font-medium">{ACTION_LABEL[action]}</span>
                {e.allowed ? <Badge tone="ok">allowed</Badge> : <Badge>not allowed</Badge>}
              </div>
              {e.blockers.length || e.warnings.length ? (
                <ul className="mt-0.5 list-inside list-disc text-xs text-slate-700 dark:text-slate-300">
                  {e.blockers.map((b, i) => (
                    <li key={`b${i}`} className="break-words">
                      <span className="font-medium">Blocked:</span> {b}
                    </li>
                  ))}
                  {e.warnings.map((w, i) => (
                    <li key={`w${i}`} className="break-words">
                      <span className="font-medium">Warning:</span> {w}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">No remediation applies.</p>
      )}
    </Panel>
  );
}

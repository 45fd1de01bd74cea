/**
 * "Kubernetes vs AWS": the Function's spec next to its live AWS configuration, field by field
 * (lib/domain/function-config/compare.ts, computed on the server). Each status is an icon and
 * words, never colour alone. Environment variables appear by name: their values never reach
 * the browser.
 */
import type { FunctionDetail } from "@/lib/domain/wire/detail";
import { isDrift, type FieldStatus } from "@/lib/domain/wire/function-config";
import { Badge, type BadgeTone } from "../badge";
import { Panel } from "../panel";
import { ComparisonValue } from "./comparison-value";

const STATUS: Record<FieldStatus, { icon: string; text: string; tone: BadgeTone }> = {
  same: { icon: "✓", text: "same", tone: "ok" },
  differs: { icon: "≠", text: "differs", tone: "warn" },
  "only-in-aws": { icon: "+", text: "only in AWS", tone: "warn" },
  "only-in-spec": { icon: "−", text: "only in spec", tone: "warn" },
  "not-readable": { icon: "?", text: "not readable", tone: "neutral" },
};

/** Why there is nothing to compare. */
function unavailable(detail: FunctionDetail): string {
  if (!detail.aws) return "AWS has not been read for this Function yet.";
  if (detail.aws.error) return `AWS could not be read (${detail.aws.error.code}); there is no configuration to compare.`;
  if (!detail.aws.exists) return "The function does not exist in AWS: there is no configuration to compare.";
  return "AWS's configuration of this function is not known yet.";
}

export function ConfigComparisonPanel({ detail }: { detail: FunctionDetail }) {
  const fields = detail.configComparison ?? null;
  const drifted = fields ? fields.filter((f) => isDrift(f.status)).length : 0;
  return (
    <Panel
      title="Kubernetes vs AWS"
      actions={
        fields ? (
          drifted ? (
            <Badge tone="warn">
              <span aria-hidden="true">≠</span> {drifted} field{drifted > 1 ? "s" : ""} differ{drifted > 1 ? "" : "s"}
            </Badge>
          ) : (
            <Badge tone="ok">
              <span aria-hidden="true">✓</span> configuration matches the spec
            </Badge>
          )
        ) : null
      }
    >
      {!fields ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">{unavailable(detail)}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full table-fixed border-collapse text-sm">
            <caption className="sr-only">
              Each configuration field in the spec and in AWS (GetFunction); when the spec is silent, AWS&apos;s default stands in. Environment variables by name only.
            </caption>
            <thead>
              <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-600 dark:border-slate-700 dark:text-slate-400">
                <th scope="col" className="w-[22%] py-1.5 pr-2 font-semibold">
                  Field
                </th>
                <th scope="col" className="py-1.5 pr-2 font-semibold">
                  Spec
                </th>
                <th scope="col" className="py-1.5 pr-2 font-semibold">
                  AWS
                </th>
                <th scope="col" className="w-[22%] py-1.5 pr-2 font-semibold">
                  Status
                </th>
              </tr>
            </thead>
            <tbody>
              {fields.map((f) => {
                const s = STATUS[f.status];
                const differs = isDrift(f.status);
                return (
                  <tr key={f.field} data-field={f.field} className={`border-b border-slate-100 align-top dark:border-slate-800 ${differs ? "bg-amber-50 dark:bg-amber-950/50" : ""}`}>
                    <th scope="row" className="py-1.5 pr-2 text-left font-medium text-slate-800 dark:text-slate-200">
                      {f.label}
                    </th>
                    <td className={`py-1.5 pr-2 ${differs ? "font-semibold" : ""}`}>
                      <ComparisonValue text={f.spec} />
                    </td>
                    <td className={`py-1.5 pr-2 ${differs ? "font-semibold" : ""}`}>
                      <ComparisonValue text={f.aws} />
                    </td>
                    <td className="py-1.5 pr-2">
                      <Badge tone={s.tone}>
                        <span aria-hidden="true">{s.icon}</span> {s.text}
                      </Badge>
                      {f.note ? <p className="mt-1 break-words text-xs text-slate-700 dark:text-slate-300">{f.note}</p> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

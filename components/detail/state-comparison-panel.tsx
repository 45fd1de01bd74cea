/**
 * Kubernetes status next to the live AWS state, row by row, differences marked in text and
 * colour. A stale "Pending" here while AWS says "Active" is the v1.7.3 Pending bug.
 */
import { compareStates } from "@/lib/client/state-comparison";
import { formatAgo } from "@/lib/client/format";
import type { FunctionDetail } from "@/lib/domain/wire/detail";
import { Badge } from "../badge";
import { Panel } from "../panel";
import { ComparisonValue } from "./comparison-value";

export function StateComparisonPanel({ detail, now }: { detail: FunctionDetail; now: number }) {
  const fields = compareStates(detail, detail.object);
  const aws = detail.aws;
  const differences = fields.filter((f) => f.differs).length;
  return (
    <Panel
      title="Kubernetes and AWS side by side"
      actions={
        differences ? (
          <Badge tone="warn">
            {differences} difference{differences > 1 ? "s" : ""}
          </Badge>
        ) : aws && aws.exists ? (
          <Badge tone="ok">in agreement</Badge>
        ) : null
      }
    >
      {aws?.error ? (
        <p role="status" className="mb-3 rounded border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          The last AWS read failed ({aws.error.code}: {aws.error.message}, {formatAgo(aws.error.at, now)}). The AWS column shows the last known values.
        </p>
      ) : null}
      {!aws ? <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">AWS has not been read for this Function yet.</p> : null}
      <div className="overflow-x-auto">
        <table className="w-full table-fixed border-collapse text-sm">
          <caption className="sr-only">Each status field in Kubernetes and in AWS; rows marked “differs” disagree.</caption>
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-600 dark:border-slate-700 dark:text-slate-400">
              <th scope="col" className="w-[28%] py-1.5 pr-2 font-semibold">
                Field
              </th>
              <th scope="col" className="py-1.5 pr-2 font-semibold">
                Kubernetes <span className="normal-case tracking-normal">(status, as the controller last wrote it)</span>
              </th>
              <th scope="col" className="py-1.5 pr-2 font-semibold">
                AWS{" "}
                <span className="normal-case tracking-normal">
                  (GetFunction{aws ? `, observed ${formatAgo(aws.observedAt, now)}` : ""})
                </span>
              </th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => (
              <tr
                key={f.key}
                className={`border-b border-slate-100 align-top dark:border-slate-800 ${f.differs ? "bg-amber-50 dark:bg-amber-950/50" : ""}`}
              >
                <th scope="row" className="py-1.5 pr-2 text-left font-medium text-slate-800 dark:text-slate-200">
                  {f.label}{" "}
                  {f.differs ? (
                    <Badge tone="warn" className="ml-1">
                      <span aria-hidden="true">≠</span> differs
                    </Badge>
                  ) : null}
                </th>
                <td className={`py-1.5 pr-2 ${f.differs ? "font-semibold" : ""}`}>
                  <ComparisonValue text={f.kubernetes} />
                </td>
                <td className={`py-1.5 pr-2 ${f.differs ? "font-semibold" : ""}`}>
                  <ComparisonValue text={f.aws} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}

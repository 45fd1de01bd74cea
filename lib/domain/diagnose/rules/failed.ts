/**
 * failed: Lambda reports State Failed or LastUpdateStatus Failed (AWS Lambda API,
 * FunctionConfiguration). The live GetFunction answer wins; when AWS cannot be read, the
 * controller's mirrored status (status.state, status.lastUpdateStatus) is used and said so.
 */
import { parseTime } from "../../safe-values";
import { isoOrNull } from "../../duration";
import { explainReasonCode } from "../../lambda-reason-codes";
import { type DiagnoseContext, type Finding, quote, reportedFailure } from "../context";
import { SOURCE } from "../reasons";

export function failedRule(ctx: DiagnoseContext): Finding | null {
  const kind = reportedFailure(ctx);
  if (!kind) return null;
  const live = ctx.aws.known;
  const a = ctx.aws.aws;
  const f = ctx.fn;
  const code = kind === "state" ? (live ? a?.stateReasonCode : f.stateReasonCode) : live ? a?.lastUpdateStatusReasonCode : f.lastUpdateStatusReasonCode;
  const said = kind === "state" ? (live ? a?.stateReason : f.stateReason) : live ? a?.lastUpdateStatusReason : f.lastUpdateStatusReason;
  const what = kind === "state" ? "Failed in AWS" : "Last update failed in AWS";
  const origin = live ? "" : " (as the controller last saw it; AWS could not be read)";
  return {
    health: "failed",
    summary: `${what}${code ? ` (${code})` : ""}: ${explainReasonCode(code)}`,
    since: isoOrNull(parseTime(live ? a?.lastModified : f.lastModified)),
    reasons: [
      {
        code: kind === "state" ? "aws-state-failed" : "aws-update-failed",
        text:
          `${kind === "state" ? "State" : "LastUpdateStatus"} is Failed${code ? `, reason code ${code}` : ""}${origin}. ` +
          `${explainReasonCode(code)}${said ? ` AWS says: "${quote(said, 500)}".` : ""}`,
        source: SOURCE.lambdaStates,
      },
    ],
  };
}

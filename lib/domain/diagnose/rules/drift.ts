/**
 * drift: the object says synced (ACK.ResourceSynced=True) but a fresh GetFunction disagrees:
 * the function is missing, in a state other than Active/Inactive, runs other code than the
 * CodeSha256 the controller recorded in status.codeSHA256, or its configuration differs from
 * the spec field by field (../../function-config/compare.ts). With ResourceSynced=True the next
 * resync is hours away (Helm default 10 h), so ACK itself will not notice soon.
 */
import { CONDITION } from "../../ack";
import { isoOrNull } from "../../duration";
import { CONFIG_FIELD_NAMES, driftedFields } from "../../function-config/compare";
import { compareFunctionWithAws } from "../../function-config/for-function";
import { parseTime } from "../../safe-values";
import type { Reason } from "../../wire/fleet";
import type { ConfigField, FieldComparison } from "../../wire/function-config";
import { findCondition, isSettledState, isTrue } from "../../signals";
import type { DiagnoseContext, Finding } from "../context";
import { SOURCE } from "../reasons";

/** At most this many fields spelt out in a reason; the rest are counted. */
const SPELT_OUT = 6;

function describeField(f: FieldComparison): string {
  const name = CONFIG_FIELD_NAMES[f.field];
  if (f.note) return `${name} (${f.note})`;
  if (f.status === "differs") return `${name} (spec ${f.spec ?? "none"}, AWS ${f.aws ?? "none"})`;
  return `${name} (${f.status === "only-in-aws" ? "set only in AWS" : "missing in AWS"})`;
}

export function driftRule(ctx: DiagnoseContext): Finding | null {
  const { fn, aws } = ctx;
  if (!isTrue(findCondition(fn, CONDITION.synced)) || !aws.known || !aws.aws) return null;
  const live = aws.aws;
  const where = fn.region ? ` in ${fn.region}` : "";
  if (!live.exists) {
    return {
      health: "drift",
      summary: `Synced in Kubernetes, but ${fn.awsName ?? fn.name} does not exist in AWS${where}.`,
      since: isoOrNull(parseTime(live.observedAt)),
      reasons: [
        {
          code: "aws-function-missing",
          text: "The function was deleted outside Kubernetes, or the dashboard reads another account or region than the controller. The controller recreates it only at its next resync (default every 10 h).",
        },
      ],
    };
  }
  const reasons: Reason[] = [];
  // Failed is the failed rule's business; Pending outlasting pendingTimeout is stuck's.
  if (!isSettledState(live.state) && live.state !== "Failed") {
    reasons.push({
      code: "aws-state-differs",
      text: `Kubernetes says ${fn.statusState ?? "synced"}, AWS says ${live.state ?? "no state"}: the function was changed outside Kubernetes.`,
      source: SOURCE.lambdaStates,
    });
  }
  const codeDiffers = !!(fn.codeSHA256 && live.codeSha256 && fn.codeSHA256 !== live.codeSha256);
  if (codeDiffers) {
    reasons.push({
      code: "code-hash-differs",
      text: `AWS runs code ${live.codeSha256!.slice(0, 12)}…, the object recorded ${fn.codeSHA256!.slice(0, 12)}…: the code was changed outside Kubernetes.`,
    });
  }
  const drifted = driftedFields(compareFunctionWithAws(fn, live, ctx.controller.version) ?? []);
  // The code against status.codeSHA256 has its own reason above.
  const configOnly = drifted.filter((f) => !(codeDiffers && f.field === "code"));
  if (configOnly.length) {
    const spelt = configOnly.slice(0, SPELT_OUT).map(describeField).join("; ");
    const more = configOnly.length > SPELT_OUT ? `; and ${configOnly.length - SPELT_OUT} more` : "";
    reasons.push({
      code: "config-differs",
      text: `AWS differs from the spec in ${spelt}${more}: changed outside Kubernetes (console, CLI or another tool).`,
      source: "AWS Lambda API reference, GetFunction (FunctionConfiguration) and CreateFunction (defaults)",
    });
  }
  if (!reasons.length) return null;
  const fields: ConfigField[] = drifted.map((f) => f.field);
  const summary =
    reasons[0].code === "aws-state-differs"
      ? `Synced in Kubernetes (${fn.statusState ?? "no state"}), but AWS says ${live.state ?? "no state"}.`
      : reasons[0].code === "code-hash-differs" && configOnly.length === 0
        ? "Synced in Kubernetes, but AWS runs different code (CodeSha256 differs)."
        : `Synced in Kubernetes, but AWS differs in ${fields.map((f) => CONFIG_FIELD_NAMES[f]).join(", ")}.`;
  return { health: "drift", summary, since: isoOrNull(parseTime(live.lastModified)), reasons, ...(fields.length ? { driftedFields: fields } : {}) };
}

/**
 * diagnose(): the verdict for one Function (docs/architecture.md "Verdicts"). Every rule looks at the
 * same facts independently; the worst finding (HEALTH_VALUES order) is the verdict, and the
 * reasons of the other findings are appended (deduplicated by code) so that, say, a blocked
 * deletion also shows that the controller has the Pending bug. Pure: `now` is passed in.
 */
import { ACTION_VALUES } from "../remediation/actions";
import type { AwsState, ControllerInfo, Reason, Verdict } from "../wire/fleet";
import type { DiagnoseSettings } from "../diagnose-settings";
import { eligibilityOf } from "../eligibility";
import type { FunctionFacts } from "../function-object";
import { healthRank } from "../health";
import { type Finding, type Rule, makeContext } from "./context";
import { deletionBlockedRule } from "./rules/deletion-blocked";
import { degradedRule } from "./rules/degraded";
import { driftRule } from "./rules/drift";
import { failedRule } from "./rules/failed";
import { healthyRule } from "./rules/healthy";
import { progressingRule } from "./rules/progressing";
import { stuckRule } from "./rules/stuck";
import { terminalRule } from "./rules/terminal";
import { unclassified, unknownRule } from "./rules/unknown";

/** Worst first, like HEALTH_VALUES; the order only matters for readability, ranks decide. */
const RULES: readonly Rule[] = [
  deletionBlockedRule,
  stuckRule,
  terminalRule,
  failedRule,
  driftRule,
  degradedRule,
  progressingRule,
  healthyRule,
  unknownRule,
];

export function diagnose(
  fn: FunctionFacts,
  aws: AwsState | null,
  controller: ControllerInfo | null,
  now: number,
  settings: DiagnoseSettings,
): Verdict {
  const ctx = makeContext(fn, aws, controller, now, settings);
  const findings = RULES.map((rule) => rule(ctx))
    .filter((f): f is Finding => f !== null)
    .sort((a, b) => healthRank(a.health) - healthRank(b.health));
  const primary = findings[0] ?? unclassified(ctx);
  // The drifted fields are named even when a worse verdict wins (its reasons are merged too).
  const drifted = findings.find((f) => f.driftedFields?.length)?.driftedFields;
  return {
    health: primary.health,
    summary: primary.summary,
    since: primary.since,
    reasons: mergeReasons(primary, findings.slice(1)),
    actions: ACTION_VALUES.filter((action) => eligibilityOf(action, ctx).allowed),
    ...(drifted ? { driftedFields: drifted } : {}),
  };
}

function mergeReasons(primary: Finding, others: Finding[]): Reason[] {
  const out = [...primary.reasons];
  const seen = new Set(out.map((r) => r.code));
  for (const finding of others) {
    if (finding.health === "healthy") continue;
    for (const reason of finding.reasons) {
      if (seen.has(reason.code)) continue;
      seen.add(reason.code);
      out.push(reason);
    }
  }
  return out;
}

export type { Finding, Rule } from "./context";

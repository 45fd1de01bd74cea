/**
 * The seed runbook as data (docs/architecture.md "Remediation guards"): 1. inspect, 2. the action
 * that fits the verdict, 3. clean up what is left in AWS. Each step carries a checklist
 * (passed / warning / blocked, and why) built from what the server said: the Function's
 * eligibility, the person's permissions (GET /api/me) and the residuals. Pure; the server
 * checks everything again when asked to act.
 */
import { ACK_FUNCTION_FINALIZER } from "@/lib/domain/ack";
import type { RemediationAction } from "@/lib/domain/remediation/actions";
import { formatAgo } from "../format";
import { fits } from "@/lib/domain/remediation/fitting";
import type { FunctionDetail } from "@/lib/domain/wire/detail";
import { ACTION_LABEL } from "@/lib/domain/remediation/actions";
import type { AwsRef, Check, Residual } from "@/lib/domain/wire/remediation";
import type { Me } from "@/lib/domain/wire/me";

export type StepStatus = "current" | "done" | "upcoming" | "not-needed";

export interface ActionOffer {
  key: string;
  action: RemediationAction;
  label: string;
  recommended: boolean;
  enabled: boolean;
  /** Why the button is disabled (first blocker or the permission refusal). */
  disabledReason: string | null;
  checks: Check[];
  warnings: string[];
  /** What the person types to confirm. */
  confirmName: string;
  expectedResourceVersion?: string;
  aws?: AwsRef;
  expectedRevisionId?: string;
}

export interface RunbookStep {
  id: "inspect" | "act" | "clean-up";
  title: string;
  status: StepStatus;
  summary: string;
  checks: Check[];
  offers: ActionOffer[];
}

export interface RunbookInput {
  detail: FunctionDetail | null;
  /** The object is known to be gone (404). */
  gone: boolean;
  me: Me | null;
  meError: string | null;
  residuals: Residual[];
  now: number;
}

const OBJECT_ACTIONS: RemediationAction[] = ["request-deletion", "retain-and-delete", "remove-finalizer"];
const BAD = new Set(["deletion-blocked", "stuck", "terminal", "failed", "drift"]);

function permission(input: RunbookInput, action: RemediationAction): Check {
  if (input.meError) return { label: "Permission", state: "blocked", detail: `Not signed in: ${input.meError}` };
  const p = input.me?.function?.actions[action];
  if (!input.me || !p) return { label: "Permission", state: "blocked", detail: "Asking Kubernetes what you may do…" };
  return p.allowed
    ? { label: "Permission", state: "passed", detail: `${input.me.identity.user}: ${p.reason}` }
    : { label: "Permission", state: "blocked", detail: p.reason };
}

function offerFrom(input: RunbookInput, action: RemediationAction, e: { allowed: boolean; blockers: string[]; warnings: string[] }, extra: Partial<ActionOffer>, recommended: boolean): ActionOffer {
  const perm = permission(input, action);
  const checks: Check[] = [perm];
  for (const b of e.blockers) checks.push({ label: "Blocked", state: "blocked", detail: b });
  if (e.blockers.length === 0) checks.push({ label: "Eligible now", state: "passed", detail: "no blocker found" });
  for (const w of e.warnings) checks.push({ label: "Warning", state: "warning", detail: w });
  const disabledReason = e.blockers[0] ?? (perm.state === "blocked" ? perm.detail : null);
  return {
    key: `${action}:${extra.aws ? `${extra.aws.accountId}/${extra.aws.region}/${extra.aws.functionName}` : ""}`,
    action,
    label: ACTION_LABEL[action],
    recommended,
    enabled: e.allowed && disabledReason === null,
    disabledReason,
    checks,
    warnings: e.warnings,
    confirmName: "",
    ...extra,
  };
}

function inspectChecks(d: FunctionDetail, now: number): Check[] {
  const checks: Check[] = [];
  checks.push({ label: "Verdict", state: BAD.has(d.verdict.health) ? "blocked" : d.verdict.health === "healthy" ? "passed" : "warning", detail: `${d.verdict.health}: ${d.verdict.summary}` });
  checks.push(
    d.deletionTimestamp
      ? { label: "Deletion", state: "warning", detail: `requested ${formatAgo(d.deletionTimestamp, now)} (${d.deletionTimestamp})` }
      : { label: "Deletion", state: "passed", detail: "not requested" },
  );
  const others = d.finalizers.filter((f) => f !== ACK_FUNCTION_FINALIZER);
  checks.push({ label: "ACK finalizer", state: d.finalizers.includes(ACK_FUNCTION_FINALIZER) ? (d.deletionTimestamp ? "warning" : "passed") : "passed", detail: d.finalizers.includes(ACK_FUNCTION_FINALIZER) ? `${ACK_FUNCTION_FINALIZER} is set` : "not set" });
  if (others.length) checks.push({ label: "Other finalizers", state: "warning", detail: `${others.join(", ")}: they stay whatever the dashboard does` });
  if (!d.aws) checks.push({ label: "AWS", state: "warning", detail: "not read yet" });
  else if (d.aws.error) checks.push({ label: "AWS", state: "warning", detail: `last read failed (${d.aws.error.code}); last known: ${d.aws.exists ? d.aws.state : "absent"}` });
  else checks.push({ label: "AWS", state: d.aws.exists ? "passed" : "warning", detail: d.aws.exists ? `${d.arn ?? d.awsName}: ${d.aws.state ?? "state unknown"} (read ${formatAgo(d.aws.observedAt, now)})` : "the function does not exist in AWS" });
  const c = d.controller;
  if (c?.found) {
    const running = (c.readyReplicas ?? 0) >= 1;
    checks.push({ label: "Controller", state: running ? "passed" : "warning", detail: `${c.version ?? "version unknown"}, ${running ? "running" : "not running"}` });
  } else {
    checks.push({ label: "Controller", state: "warning", detail: c ? "no ACK Lambda controller found in this cluster" : "unknown" });
  }
  return checks;
}

export function buildRunbook(input: RunbookInput): RunbookStep[] {
  const d = input.detail;
  const steps: RunbookStep[] = [];

  if (d) {
    steps.push({ id: "inspect", title: "Inspect", status: "done", summary: "", checks: inspectChecks(d, input.now), offers: [] });
    const offers = OBJECT_ACTIONS.map((a) =>
      offerFrom(input, a, d.eligibility[a] ?? { allowed: false, blockers: ["The server sent no eligibility for this action."], warnings: [] }, { confirmName: d.name, expectedResourceVersion: d.resourceVersion }, fits(d.verdict.health, a)),
    );
    // Fitting and possible now: the step is to do. Fitting but blocked: shown first, disabled, with why.
    const fitting = offers.filter((o) => o.recommended && o.enabled);
    steps.push({
      id: "act",
      title: "Act on the verdict",
      status: fitting.length ? "current" : "not-needed",
      summary: fitting.length ? `The verdict proposes: ${fitting.map((o) => o.label).join(", ")}.` : "The verdict proposes no action.",
      checks: [],
      offers,
    });
  } else {
    const gone = input.gone;
    steps.push({ id: "inspect", title: "Inspect", status: gone ? "done" : "upcoming", summary: gone ? "The Function no longer exists in Kubernetes." : "Loading…", checks: [], offers: [] });
    steps.push({ id: "act", title: "Act on the verdict", status: gone ? "done" : "upcoming", summary: gone ? "Nothing left to do on the Kubernetes object." : "", checks: [], offers: [] });
  }

  const cleanOffers = input.residuals.map((r) =>
    offerFrom(input, "delete-aws-function", r.eligibility, { confirmName: r.aws.functionName, aws: r.aws, expectedRevisionId: r.live.revisionId ?? undefined }, true),
  );
  const willLeave = d && d.aws?.exists && d.finalizers.includes(ACK_FUNCTION_FINALIZER) && d.deletionTimestamp;
  steps.push({
    id: "clean-up",
    title: "Clean up what is left in AWS",
    status: cleanOffers.length ? "current" : willLeave ? "upcoming" : input.gone ? "done" : "not-needed",
    summary: cleanOffers.length
      ? `${cleanOffers.length === 1 ? "An AWS function was" : `${cleanOffers.length} AWS functions were`} left behind by a finalizer removal.`
      : willLeave
        ? `Removing the finalizer leaves ${d.arn ?? d.awsName ?? "the AWS function"} in AWS; it can be deleted here afterwards.`
        : "Nothing is left behind in AWS.",
    checks: [],
    offers: cleanOffers,
  });
  return steps;
}

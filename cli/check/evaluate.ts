/**
 * Turns what was read (from clusters or from a dashboard) into findings and problems. The
 * verdicts themselves come from lib/domain diagnose(), the same rules the dashboard shows;
 * here only the gate's policy is applied: which verdicts fail the run, the minimum controller
 * version, and (after --wait) that every Function has settled. Pure: no I/O, no clock.
 */
import { compareVersions, controllerVersionOf } from "@/lib/domain/controller-version";
import { knownBugs } from "@/lib/domain/controller-bugs";
import type { ControllerInfo, Verdict } from "@/lib/domain/wire/fleet";
import type { Health } from "@/lib/domain/health";
import { functionHref } from "@/lib/domain/function-ref";
import type { CheckedSubject, Finding, Problem, Report } from "../report/model";

export const DEFAULT_FAIL_ON: readonly Health[] = ["deletion-blocked", "stuck", "terminal", "failed", "drift"];

export interface CheckedFunction {
  id: string;
  cluster: string;
  namespace: string;
  name: string;
  verdict: Verdict;
}

export interface ClusterSnapshot {
  name: string;
  /** Set when the cluster could not be read (or, from a dashboard, is disconnected). */
  error: string | null;
  /** Undefined or null: the controller could not be looked up (controllerError says why). */
  controller: ControllerInfo | null | undefined;
  controllerError?: string | null;
}

export interface FleetSnapshot {
  clusters: ClusterSnapshot[];
  functions: CheckedFunction[];
  /** AWS accounts and regions that could not be read while Functions there were checked. */
  awsAccountErrors: Array<{ accountId: string; region: string; message: string; functions: number }>;
  /** Objects that are not valid Functions: reported, never fatal. */
  rejected: Array<{ id: string; cluster: string; error: string }>;
  /** Things worth knowing that do not fail the run. */
  notes: Array<{ cluster: string; message: string }>;
}

export interface CheckPolicy {
  failOn: readonly Health[];
  minControllerVersion: string | null;
  /** After --wait: a Function still progressing, or never reconciled, fails too. */
  requireSettled: boolean;
  /** Base URL of a dashboard, for links to each Function's page. */
  linkBase: string | null;
}

type Evaluation = Pick<Report, "checked" | "findings" | "problems">;

const clusterSubject = (name: string) => `cluster ${name}`;

function controllerFindings(c: ClusterSnapshot, policy: CheckPolicy, out: Evaluation): void {
  const subject = clusterSubject(c.name);
  const info = c.controller;
  if (!info) {
    if (policy.minControllerVersion) {
      out.problems.push({ subject, group: c.name, message: `the controller version could not be checked: ${c.controllerError ?? "not reported"}` });
    }
    return;
  }
  if (!info.found) {
    out.findings.push({
      severity: policy.minControllerVersion ? "error" : "warning",
      code: "controller-missing",
      subject,
      group: c.name,
      message: "no ACK Lambda controller Deployment found (looked for the lambda-chart label and the lambda-controller image): nothing reconciles Functions here",
    });
    return;
  }
  const version = controllerVersionOf(info);
  const where = info.namespace && info.name ? ` (${info.namespace}/${info.name})` : "";
  const bugs = knownBugs(version);
  const bugText = bugs?.length
    ? `; known bugs: ${bugs.map((b) => `${b.id} (${b.citation.issue}, fixed in ${b.fixedIn})`).join(", ")}`
    : "";
  if (policy.minControllerVersion) {
    const cmp = compareVersions(version, policy.minControllerVersion);
    if (cmp === null) {
      out.problems.push({ subject, group: c.name, message: `the controller's version is unknown (image ${info.image ?? "unknown"}): cannot compare it with ${policy.minControllerVersion}` });
    } else if (cmp < 0) {
      out.findings.push({
        severity: "error",
        code: "controller-below-minimum",
        subject,
        group: c.name,
        message: `ACK Lambda controller ${version}${where} is older than the minimum ${policy.minControllerVersion}${bugText}`,
      });
    }
    return;
  }
  if (bugs?.length) {
    out.findings.push({ severity: "warning", code: "controller-known-bug", subject, group: c.name, message: `ACK Lambda controller ${version}${where}${bugText.replace(/^; k/, " has k")}` });
  }
}

function functionFinding(fn: CheckedFunction, policy: CheckPolicy): Omit<Finding, "subject" | "group" | "link"> | null {
  const { health, summary, reasons } = fn.verdict;
  if (policy.failOn.includes(health)) return { severity: "error", code: `verdict-${health}`, message: summary };
  const neverReconciled = health === "unknown" && reasons.some((r) => r.code === "no-status");
  if (policy.requireSettled && (health === "progressing" || neverReconciled)) {
    return { severity: "error", code: "not-settled", message: `still ${health} when the wait ended: ${summary}` };
  }
  if (health === "degraded" || neverReconciled) return { severity: "warning", code: `verdict-${health}`, message: summary };
  return null;
}

export function evaluate(snapshot: FleetSnapshot, policy: CheckPolicy): Evaluation {
  const out: Evaluation = { checked: [], findings: [], problems: [] };
  for (const c of snapshot.clusters) {
    out.checked.push({ subject: clusterSubject(c.name), group: c.name });
    if (c.error) {
      out.problems.push({ subject: clusterSubject(c.name), group: c.name, message: c.error });
      continue;
    }
    controllerFindings(c, policy, out);
  }
  for (const fn of snapshot.functions) {
    const checked: CheckedSubject = { subject: fn.id, group: fn.cluster };
    out.checked.push(checked);
    const finding = functionFinding(fn, policy);
    if (!finding) continue;
    const link = policy.linkBase ? `${policy.linkBase.replace(/\/+$/, "")}${functionHref(fn)}` : undefined;
    out.findings.push({ ...finding, ...checked, ...(link ? { link } : {}) });
  }
  for (const a of snapshot.awsAccountErrors) {
    const problem: Problem = {
      subject: `AWS account ${a.accountId} in ${a.region}`,
      group: "AWS",
      message: `${a.message} (${a.functions} Function(s) there were judged from Kubernetes alone)`,
    };
    out.problems.push(problem);
  }
  for (const r of snapshot.rejected) {
    out.findings.push({ severity: "warning", code: "not-a-function", subject: r.id, group: r.cluster, message: `the object could not be read as a Function: ${r.error}` });
  }
  for (const n of snapshot.notes) {
    out.findings.push({ severity: "warning", code: "incomplete-read", subject: clusterSubject(n.cluster), group: n.cluster, message: n.message });
  }
  return out;
}

/**
 * CSV (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or line break in
 * double quotes, quotes doubled) of the overview's rows and of the audit log. A cell that a
 * spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return: a
 * hostile condition message can) gets a leading apostrophe (OWASP "CSV Injection"). Pure.
 */
import type { AuditEntry } from "../wire/audit";
import type { FunctionRow } from "../wire/fleet";

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let s = String(value);
  if (typeof value === "string" && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export const OVERVIEW_COLUMNS = [
  "cluster",
  "namespace",
  "name",
  "verdict",
  "summary",
  "since",
  "k8s_state",
  "aws_state",
  "aws_function",
  "account",
  "region",
  "arn",
  "deletion_requested",
  "finalizers",
] as const;

export function overviewCells(r: FunctionRow): string[] {
  const aws = r.aws ? (r.aws.exists ? (r.aws.state ?? "") : "Missing") : "";
  return [r.cluster, r.namespace, r.name, r.verdict.health, r.verdict.summary, r.verdict.since ?? "", r.statusState ?? "", aws, r.awsName ?? "", r.accountId ?? "", r.region ?? "", r.arn ?? "", r.deletionTimestamp ?? "", r.finalizers.join(" ")];
}

export const AUDIT_COLUMNS = ["at", "request_id", "phase", "user", "groups", "cluster", "namespace", "name", "uid", "action", "reason", "outcome", "status", "error", "preconditions"] as const;

export function auditCells(e: AuditEntry): Array<string | number | null> {
  return [e.at, e.requestId, e.phase, e.actor.user, e.actor.groups.join(" "), e.cluster, e.namespace, e.name, e.uid, e.action, e.reason, e.outcome, e.status, e.error, JSON.stringify(e.preconditions)];
}

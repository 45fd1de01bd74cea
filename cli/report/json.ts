/** The machine-readable report: stable field names, version 1. */
import { type Report, countBySeverity, exitCodeOf } from "./model";

export function renderJson(report: Report): string {
  const { errors, warnings } = countBySeverity(report.findings);
  const body = {
    version: 1,
    command: report.command,
    source: report.source,
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    exitCode: exitCodeOf(report),
    summary: { checked: report.checked.length, errors, warnings, couldNotCheck: report.problems.length },
    findings: report.findings,
    problems: report.problems,
    checked: report.checked,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

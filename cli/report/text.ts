/**
 * The human-readable report. Findings with a file location use the compiler convention
 * `file:line:column: severity [code] message`, which editors and CI log viewers link; the rest
 * are one line per subject. Text from clusters is untrusted: control characters (terminal
 * escapes included) are removed and every message is kept on one line.
 */
import { safeText } from "@/lib/domain/safe-values";
import { type Report, countBySeverity, exitCodeOf } from "./model";

/** One line, no control characters, capped. */
export function oneLine(text: string, max = 2000): string {
  return (safeText(text, max) ?? "").replace(/\s+/g, " ").trim();
}

export function renderText(report: Report): string {
  const lines: string[] = [`ack-lambda-fleet ${report.command}: ${oneLine(report.source)}`];
  const findings = [...report.findings].sort(
    (a, b) =>
      Number(a.severity === "warning") - Number(b.severity === "warning") ||
      (a.location?.file ?? "").localeCompare(b.location?.file ?? "") ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0),
  );
  for (const f of findings) {
    const severity = f.severity === "error" ? "error" : "warning";
    if (f.location) {
      lines.push(`${oneLine(f.location.file)}:${f.location.line}:${f.location.column}: ${severity} [${f.code}] ${oneLine(f.subject)}: ${oneLine(f.message)}`);
    } else {
      lines.push(`${severity.toUpperCase().padEnd(7)} ${oneLine(f.subject)} [${f.code}] ${oneLine(f.message)}`);
    }
    if (f.link) lines.push(`        ${oneLine(f.link)}`);
  }
  for (const p of report.problems) lines.push(`COULD NOT CHECK ${oneLine(p.subject)}: ${oneLine(p.message)}`);
  const { errors, warnings } = countBySeverity(report.findings);
  const code = exitCodeOf(report);
  const verdict = code === 0 ? "passed" : code === 1 ? "failed" : "incomplete";
  lines.push(
    `${verdict}: checked ${report.checked.length} in ${(report.durationMs / 1000).toFixed(1)} s; ` +
      `${errors} error(s), ${warnings} warning(s), ${report.problems.length} could not be checked (exit ${code})`,
  );
  return `${lines.join("\n")}\n`;
}

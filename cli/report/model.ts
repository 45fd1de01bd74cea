/**
 * What a `check` or `lint` run found, independent of the output format. The exit code is
 * derived from it alone: 2 when anything could not be checked (a pass would be a guess),
 * else 1 when there is an error finding, else 0. Warnings never fail a run.
 */
export type Severity = "error" | "warning";

/** Where a lint finding sits in a manifest file (1-based). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface Finding {
  severity: Severity;
  /** Stable, machine-readable: "verdict-stuck", "crd-schema", "deletion-policy", … */
  code: string;
  /** What was checked: "cluster/namespace/name", "cluster prod-us", "Function payments/charge". */
  subject: string;
  /** The group the JUnit report puts it in: the cluster (check) or the file (lint). */
  group: string;
  message: string;
  location?: SourceLocation;
  /** The dashboard page of the subject, when a dashboard URL is known. */
  link?: string;
}

/** Something that could not be checked: a cluster out of reach, an unreadable AWS account, a file. */
export interface Problem {
  subject: string;
  group: string;
  message: string;
}

/** One thing that was checked, findings or not: the JUnit report has a test case for each. */
export interface CheckedSubject {
  subject: string;
  group: string;
  location?: SourceLocation;
}

export interface Report {
  command: "check" | "lint";
  /** The kubeconfig, dashboard URL or paths checked. */
  source: string;
  startedAt: string;
  durationMs: number;
  checked: CheckedSubject[];
  findings: Finding[];
  problems: Problem[];
}

export const EXIT = { pass: 0, findings: 1, couldNotCheck: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export function exitCodeOf(report: Pick<Report, "findings" | "problems">): ExitCode {
  if (report.problems.length > 0) return EXIT.couldNotCheck;
  return report.findings.some((f) => f.severity === "error") ? EXIT.findings : EXIT.pass;
}

export function countBySeverity(findings: Finding[]): { errors: number; warnings: number } {
  const errors = findings.filter((f) => f.severity === "error").length;
  return { errors, warnings: findings.length - errors };
}

/** Bad command-line input: reported on stderr with exit code 2, before anything runs. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * JUnit XML, the test-result format CI systems show (GitLab `artifacts:reports:junit`, GitHub
 * test-report actions, Jenkins `junit`). One <testsuite> per group (a cluster for `check`, a
 * file for `lint`), one <testcase> per thing checked: a <failure> when it has error findings,
 * its warnings in <system-out>; whatever could not be checked is a test case with an <error>.
 * Element and attribute names follow the JUnit schema Jenkins and GitLab read (testsuites >
 * testsuite > testcase > failure | error | system-out); `file` and `line` on a test case are the
 * attributes GitLab shows.
 */
import { type CheckedSubject, type Finding, type Report } from "./model";
import { oneLine } from "./text";

/** XML 1.0 allows tab, newline, carriage return and U+0020 upwards, without lone surrogates and U+FFFE/U+FFFF. */
function xmlText(text: string): string {
  return text
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

function attr(text: string): string {
  return xmlText(text).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}

interface Case {
  subject: CheckedSubject;
  errors: Finding[];
  warnings: Finding[];
  problem: string | null;
}

function describeFinding(f: Finding): string {
  const where = f.location ? `${f.location.file}:${f.location.line}:${f.location.column}: ` : "";
  return `${where}[${f.code}] ${f.message}${f.link ? `\n${f.link}` : ""}`;
}

function renderCase(c: Case, command: string): string {
  const loc = c.subject.location;
  const attrs = [
    `name="${attr(oneLine(c.subject.subject))}"`,
    `classname="${attr(`ack-lambda-fleet.${command}.${oneLine(c.subject.group)}`)}"`,
    `time="0"`,
    ...(loc ? [`file="${attr(loc.file)}"`, `line="${loc.line}"`] : []),
  ];
  const body: string[] = [];
  if (c.problem !== null) {
    body.push(`      <error message="${attr(oneLine(c.problem, 500))}" type="could-not-check">${xmlText(c.problem)}</error>`);
  } else if (c.errors.length) {
    const first = c.errors[0];
    body.push(
      `      <failure message="${attr(oneLine(first.message, 500))}" type="${attr(first.code)}">${xmlText(c.errors.map(describeFinding).join("\n\n"))}</failure>`,
    );
  }
  if (c.warnings.length) body.push(`      <system-out>${xmlText(c.warnings.map((w) => `warning: ${describeFinding(w)}`).join("\n"))}</system-out>`);
  if (!body.length) return `    <testcase ${attrs.join(" ")}/>`;
  return `    <testcase ${attrs.join(" ")}>\n${body.join("\n")}\n    </testcase>`;
}

export function renderJunit(report: Report): string {
  const key = (group: string, subject: string) => `${group}\u0000${subject}`;
  const cases = new Map<string, Case>();
  const caseFor = (s: CheckedSubject): Case => {
    const k = key(s.group, s.subject);
    let c = cases.get(k);
    if (!c) {
      c = { subject: s, errors: [], warnings: [], problem: null };
      cases.set(k, c);
    }
    return c;
  };
  for (const s of report.checked) caseFor(s);
  for (const f of report.findings) {
    const c = caseFor({ subject: f.subject, group: f.group, location: f.location });
    (f.severity === "error" ? c.errors : c.warnings).push(f);
  }
  for (const p of report.problems) {
    const c = caseFor({ subject: `could not check: ${p.subject}`, group: p.group });
    c.problem = c.problem ? `${c.problem}\n${p.message}` : p.message;
  }

  const groups = new Map<string, Case[]>();
  for (const c of cases.values()) groups.set(c.subject.group, [...(groups.get(c.subject.group) ?? []), c]);
  const seconds = (report.durationMs / 1000).toFixed(3);
  // The schema's timestamp is a local date-time without zone or fraction (the time is UTC).
  const timestamp = report.startedAt.slice(0, 19);
  const count = (list: Case[]) => ({
    tests: list.length,
    failures: list.filter((c) => c.problem === null && c.errors.length > 0).length,
    errors: list.filter((c) => c.problem !== null).length,
  });
  const suites = [...groups.entries()].map(([group, list]) => {
    const n = count(list);
    return (
      `  <testsuite name="${attr(oneLine(group))}" tests="${n.tests}" failures="${n.failures}" errors="${n.errors}" skipped="0" time="${seconds}" timestamp="${timestamp}">\n` +
      `${list.map((c) => renderCase(c, report.command)).join("\n")}\n  </testsuite>`
    );
  });
  const all = count([...cases.values()]);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="ack-lambda-fleet ${report.command}" tests="${all.tests}" failures="${all.failures}" errors="${all.errors}" skipped="0" time="${seconds}" timestamp="${timestamp}">\n` +
    `${suites.join("\n")}${suites.length ? "\n" : ""}</testsuites>\n`
  );
}

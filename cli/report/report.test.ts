// @vitest-environment jsdom
/**
 * The three formats of one report. JUnit XML is parsed with a real XML parser (jsdom's
 * DOMParser, which rejects malformed XML) and checked against the structure CI systems read:
 * testsuites > testsuite > testcase > failure | error | system-out, with counts that add up.
 */
import { describe, expect, it } from "vitest";
import { renderJson } from "./json";
import { renderJunit } from "./junit";
import { type Report, exitCodeOf } from "./model";
import { renderText } from "./text";

const HOSTILE = 'function in \'Pending\' state <img src=x onerror="alert(1)"> & ]]> \u001b[31mred\u001b[0m \u0000\u0007 \ud800 done';

const REPORT: Report = {
  command: "check",
  source: "kubeconfig /tmp/kubeconfig (contexts prod-us, staging)",
  startedAt: "2025-06-02T12:00:00.123Z",
  durationMs: 2345,
  checked: [
    { subject: "cluster prod-us", group: "prod-us" },
    { subject: "prod-us/checkout/seed", group: "prod-us" },
    { subject: "prod-us/checkout/fine", group: "prod-us" },
    { subject: "prod-us/media/idle", group: "prod-us" },
    { subject: "cluster staging", group: "staging" },
  ],
  findings: [
    { severity: "error", code: "verdict-deletion-blocked", subject: "prod-us/checkout/seed", group: "prod-us", message: "Deletion requested 40m ago; the finalizer is still there.", link: "https://fleet.example.com/functions/prod-us/checkout/seed" },
    { severity: "error", code: "verdict-stuck", subject: "prod-us/checkout/seed", group: "prod-us", message: HOSTILE },
    { severity: "error", code: "controller-below-minimum", subject: "cluster prod-us", group: "prod-us", message: "ACK Lambda controller 1.7.3 is older than the minimum 1.7.4" },
    { severity: "warning", code: "verdict-degraded", subject: "prod-us/media/idle", group: "prod-us", message: "Inactive in AWS" },
  ],
  problems: [{ subject: "cluster staging", group: "staging", message: "connection refused by https://127.0.0.1:1" }],
};

function parseXml(xml: string): Document {
  const doc = new DOMParser().parseFromString(xml, "application/xml");
  const error = doc.getElementsByTagName("parsererror")[0];
  if (error) throw new Error(`not well-formed XML: ${error.textContent}`);
  return doc;
}

const int = (el: Element, name: string) => Number(el.getAttribute(name));

describe("JUnit XML", () => {
  const xml = renderJunit(REPORT);
  const doc = parseXml(xml);

  it("is well-formed, with testsuites > testsuite > testcase only", () => {
    const root = doc.documentElement;
    expect(root.tagName).toBe("testsuites");
    expect([...root.children].every((c) => c.tagName === "testsuite")).toBe(true);
    for (const suite of root.children) {
      expect([...suite.children].every((c) => c.tagName === "testcase")).toBe(true);
      for (const tc of suite.children) {
        expect([...tc.children].every((c) => ["failure", "error", "system-out"].includes(c.tagName))).toBe(true);
        expect(tc.getAttribute("name")).toBeTruthy();
        expect(tc.getAttribute("classname")).toMatch(/^ack-lambda-fleet\.check\./);
        expect(tc.getElementsByTagName("failure").length + tc.getElementsByTagName("error").length).toBeLessThanOrEqual(1);
      }
    }
  });

  it("has counts that add up, per suite and in total", () => {
    const root = doc.documentElement;
    let tests = 0;
    let failures = 0;
    let errors = 0;
    for (const suite of root.children) {
      const cases = [...suite.children];
      expect(int(suite, "tests")).toBe(cases.length);
      expect(int(suite, "failures")).toBe(cases.filter((c) => c.getElementsByTagName("failure").length).length);
      expect(int(suite, "errors")).toBe(cases.filter((c) => c.getElementsByTagName("error").length).length);
      expect(suite.getAttribute("timestamp")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      expect(Number(suite.getAttribute("time"))).toBeCloseTo(2.345);
      tests += int(suite, "tests");
      failures += int(suite, "failures");
      errors += int(suite, "errors");
    }
    expect([int(root, "tests"), int(root, "failures"), int(root, "errors")]).toEqual([tests, failures, errors]);
    expect([tests, failures, errors]).toEqual([6, 2, 1]);
  });

  it("puts failing verdicts in <failure>, warnings in <system-out>, what could not be checked in <error>", () => {
    const byName = (name: string) => [...doc.getElementsByTagName("testcase")].find((t) => t.getAttribute("name") === name)!;
    const seed = byName("prod-us/checkout/seed");
    expect(seed.getElementsByTagName("failure")[0].getAttribute("type")).toBe("verdict-deletion-blocked");
    expect(seed.getElementsByTagName("failure")[0].textContent).toContain("https://fleet.example.com/functions/prod-us/checkout/seed");
    expect(seed.getElementsByTagName("failure")[0].textContent).toContain("[verdict-stuck]");
    expect(byName("prod-us/checkout/fine").children).toHaveLength(0);
    expect(byName("prod-us/media/idle").getElementsByTagName("system-out")[0].textContent).toContain("Inactive in AWS");
    const unreachable = byName("could not check: cluster staging");
    expect(unreachable.getElementsByTagName("error")[0].getAttribute("message")).toBe("connection refused by https://127.0.0.1:1");
  });

  it("keeps hostile text as text: escaped, without characters XML forbids", () => {
    const seed = [...doc.getElementsByTagName("testcase")].find((t) => t.getAttribute("name") === "prod-us/checkout/seed")!;
    const text = seed.getElementsByTagName("failure")[0].textContent ?? "";
    expect(text).toContain('<img src=x onerror="alert(1)"> & ]]>');
    expect(doc.getElementsByTagName("img")).toHaveLength(0);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it("adds the file and line of lint findings as testcase attributes", () => {
    const lintDoc = parseXml(
      renderJunit({
        ...REPORT,
        command: "lint",
        checked: [{ subject: "Function payments/invoice", group: "fns.yaml", location: { file: "fns.yaml", line: 12, column: 1 } }],
        findings: [{ severity: "error", code: "role", subject: "Function payments/invoice", group: "fns.yaml", message: "no role", location: { file: "fns.yaml", line: 20, column: 3 } }],
        problems: [],
      }),
    );
    const tc = lintDoc.getElementsByTagName("testcase")[0];
    expect([tc.getAttribute("file"), tc.getAttribute("line")]).toEqual(["fns.yaml", "12"]);
    expect(tc.getElementsByTagName("failure")[0].textContent).toBe("fns.yaml:20:3: [role] no role");
  });

  it("an empty report is still a valid document", () => {
    const empty = parseXml(renderJunit({ ...REPORT, checked: [], findings: [], problems: [] }));
    expect(int(empty.documentElement, "tests")).toBe(0);
  });
});

describe("text and JSON", () => {
  it("text keeps every message on one line and drops terminal escapes", () => {
    const text = renderText(REPORT);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(text.split("\n").filter((l) => l.includes("verdict-stuck"))).toHaveLength(1);
    expect(text).toContain("COULD NOT CHECK cluster staging: connection refused");
    expect(text.trimEnd().split("\n").at(-1)).toBe("incomplete: checked 5 in 2.3 s; 3 error(s), 1 warning(s), 1 could not be checked (exit 2)");
  });

  it("JSON carries the exit code, the summary and every finding", () => {
    const body = JSON.parse(renderJson(REPORT));
    expect(body).toMatchObject({ version: 1, command: "check", exitCode: 2, summary: { checked: 5, errors: 3, warnings: 1, couldNotCheck: 1 } });
    expect(body.findings).toHaveLength(4);
    expect(body.findings[1].message).toBe(HOSTILE);
  });
});

describe("exit codes", () => {
  it("2 when anything could not be checked, else 1 with an error finding, else 0 (warnings never fail)", () => {
    expect(exitCodeOf(REPORT)).toBe(2);
    expect(exitCodeOf({ ...REPORT, problems: [] })).toBe(1);
    expect(exitCodeOf({ ...REPORT, problems: [], findings: REPORT.findings.filter((f) => f.severity === "warning") })).toBe(0);
  });
});

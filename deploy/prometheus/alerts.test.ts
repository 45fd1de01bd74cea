/**
 * The alert rules with promtool (check rules, test rules with the fixtures of tests/), and the
 * rules, fixtures and README held against lib/domain/metric-catalog.ts, so that the names the
 * /metrics endpoint exposes, the names the rules query and the names documented are the same.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { CONTROLLER_BUGS } from "@/lib/domain/controller-bugs";
import { METRIC_LIST, seriesNames } from "@/lib/domain/metric-catalog";
import { describeWithTool, findTool } from "@/test/external-tool";

const DIR = path.dirname(fileURLToPath(import.meta.url));
const RULES_FILE = path.join(DIR, "alerts.yml");
const TESTS_DIR = path.join(DIR, "tests");

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface AlertTest {
  eval_time: string;
  alertname: string;
  exp_alerts: unknown[] | null;
}
interface TestCase {
  name?: string;
  input_series: Array<{ series: string; values: string }>;
  alert_rule_test: AlertTest[];
}

const rules: Rule[] = (YAML.parse(fs.readFileSync(RULES_FILE, "utf8")) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap((g) => g.rules);
const testFiles = fs.readdirSync(TESTS_DIR).filter((f) => f.endsWith(".yml")).sort();
const testCases: TestCase[] = testFiles.flatMap((f) => (YAML.parse(fs.readFileSync(path.join(TESTS_DIR, f), "utf8")) as { tests: TestCase[] }).tests);

const promtool = findTool("promtool", "PROMTOOL", "install the Debian package prometheus");

function run(bin: string, args: string[], cwd: string): { status: number | null; output: string } {
  const r = spawnSync(bin, args, { cwd, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describeWithTool("promtool: the alert rules", promtool, (bin) => {
  it("promtool check rules accepts alerts.yml", () => {
    const r = run(bin, ["check", "rules", RULES_FILE], DIR);
    expect(r.output).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(r.status).toBe(0);
  });

  it("promtool test rules passes every fixture file", () => {
    const r = run(bin, ["test", "rules", ...testFiles.map((f) => path.join("tests", f))], DIR);
    expect(r.output.match(/SUCCESS/g)?.length, r.output).toBe(testFiles.length);
    expect(r.status, r.output).toBe(0);
  });

  it("the fixtures catch a rule that goes missing or changes its threshold", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ack-fleet-rules-"));
    try {
      fs.cpSync(TESTS_DIR, path.join(tmp, "tests"), { recursive: true });
      const original = fs.readFileSync(RULES_FILE, "utf8");
      const withoutStuck = YAML.parseDocument(original);
      const groups = withoutStuck.get("groups") as YAML.YAMLSeq<YAML.YAMLMap>;
      const fnRules = groups.items[0].get("rules") as YAML.YAMLSeq<YAML.YAMLMap>;
      fnRules.items = fnRules.items.filter((r) => r.get("alert") !== "AckLambdaFunctionStuck");
      fs.writeFileSync(path.join(tmp, "alerts.yml"), withoutStuck.toString());
      const missing = run(bin, ["test", "rules", "tests/functions.test.yml"], tmp);
      expect(missing.status).not.toBe(0);
      expect(missing.output).toContain("AckLambdaFunctionStuck");

      fs.writeFileSync(path.join(tmp, "alerts.yml"), original.replace("> 0.1", "> 0.01"));
      const looser = run(bin, ["test", "rules", "tests/sources.test.yml"], tmp);
      expect(looser.status).not.toBe(0);
      expect(looser.output).toContain("AckLambdaAwsAccountThrottled");
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

const minutes = (d: string | undefined): number => {
  if (!d) return 0;
  const m = /^(\d+)(s|m|h)$/.exec(d);
  if (!m) throw new Error(`unexpected duration ${d}`);
  return Number(m[1]) * { s: 1 / 60, m: 1, h: 60 }[m[2] as "s" | "m" | "h"];
};

describe("alert rules: fixtures for every rule", () => {
  it.each(rules.map((r) => [r.alert, r] as const))("%s fires, stays quiet, and resolves in the fixtures", (name, rule) => {
    const runs = testCases.map((tc) =>
      tc.alert_rule_test
        .filter((t) => t.alertname === name)
        .map((t) => ({ at: minutes(t.eval_time), firing: (t.exp_alerts ?? []).length > 0 }))
        .sort((a, b) => a.at - b.at),
    );
    const fires = runs.some((evals) => evals.some((e) => e.firing));
    const resolves = runs.some((evals) => evals.some((e, i) => e.firing && evals.slice(i + 1).some((later) => !later.firing)));
    // Quiet past the rule's `for`, so it is not merely still pending.
    const staysQuiet = runs.some((evals) => evals.length > 0 && evals.every((e) => !e.firing && e.at > minutes(rule.for)));
    expect({ fires, resolves, staysQuiet }).toEqual({ fires: true, resolves: true, staysQuiet: true });
  });

  it.each(rules.map((r) => [r.alert, r] as const))("%s has a severity, a summary, a description and a runbook_url", (_name, rule) => {
    expect(["warning", "critical"]).toContain(rule.labels?.severity);
    expect(rule.annotations?.summary).toBeTruthy();
    expect(rule.annotations?.description).toBeTruthy();
    expect(rule.annotations?.runbook_url).toMatch(/ack_fleet_dashboard_info/);
  });

  it("Function alerts name the Function in the summary and link to its page", () => {
    const fnRules = rules.filter((r) => r.expr.includes("ack_fleet_function_not_healthy_seconds"));
    expect(fnRules.map((r) => r.alert).sort()).toEqual(["AckLambdaFunctionDeletionBlocked", "AckLambdaFunctionDrift", "AckLambdaFunctionStuck"]);
    for (const r of fnRules) {
      expect(r.annotations?.summary).toContain("{{ $labels.namespace }}/{{ $labels.name }} in cluster {{ $labels.cluster }}");
      expect(r.annotations?.runbook_url).toContain("/functions/{{ $labels.cluster | urlquery }}/{{ $labels.namespace | urlquery }}/{{ $labels.name | urlquery }}");
    }
  });

  it("the known-bug alert links to the controller page (versions, known bugs, upgrade commands)", () => {
    expect(rules.find((r) => r.alert === "AckLambdaControllerKnownBug")?.annotations?.runbook_url).toMatch(/\{\{ end \}\}\/controllers'?$/);
  });

  it("the known-bug alert describes every known bug of lib/domain/controller-bugs.ts", () => {
    const description = rules.find((r) => r.alert === "AckLambdaControllerKnownBug")?.annotations?.description ?? "";
    for (const bug of CONTROLLER_BUGS) {
      expect(description).toContain(`${bug.id} (`);
      expect(description).toContain(bug.citation.issue);
      expect(description).toContain(`fixed in ${bug.fixedIn}`);
    }
  });
});

const SCRAPE_LABELS = ["instance", "job"];
const catalogue = new Map(METRIC_LIST.flatMap((m) => seriesNames(m).map((s) => [s, m] as const)));

function parseSeries(text: string): { name: string; labels: string[] } {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\}$/.exec(text.trim());
  if (!m) throw new Error(`cannot parse series ${text}`);
  const labels = [...m[2].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="(?:[^"\\]|\\.)*"/g)].map((l) => l[1]);
  return { name: m[1], labels };
}

describe("alert rules and fixtures use the metric catalogue", () => {
  it("every ack_fleet_ name in the rules is a catalogue series", () => {
    const used = new Set(rules.flatMap((r) => [r.expr, ...Object.values(r.annotations ?? {})].join(" ").match(/ack_fleet_[a-z0-9_]+/g) ?? []));
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((n) => !catalogue.has(n))).toEqual([]);
  });

  it("every fixture series is a catalogue series with exactly its labels (plus job and instance)", () => {
    const series = testCases.flatMap((tc) => tc.input_series.map((s) => parseSeries(s.series)));
    expect(series.length).toBeGreaterThan(10);
    for (const s of series) {
      const def = catalogue.get(s.name);
      expect(def, s.name).toBeDefined();
      const expected = [...def!.labels, ...SCRAPE_LABELS, ...(s.name.endsWith("_bucket") ? ["le"] : [])].sort();
      expect([...s.labels].sort(), s.name).toEqual(expected);
    }
  });

  it("the README's metric table is the catalogue: names, types and labels", () => {
    const readme = fs.readFileSync(path.join(DIR, "README.md"), "utf8");
    const rows = readme
      .split("\n")
      .filter((line) => line.startsWith("| `ack_fleet_"))
      .map((line) => {
        const cells = line.split("|").map((c) => c.trim());
        return { name: cells[1].replace(/`/g, ""), type: cells[2], labels: [...cells[3].matchAll(/`([a-z_]+)`/g)].map((m) => m[1]) };
      });
    expect(rows).toEqual(METRIC_LIST.map((m) => ({ name: m.name, type: m.type, labels: [...m.labels] })));
  });
});

/**
 * The gate's policy on plain snapshots (no servers): which verdicts fail, the minimum
 * controller version, --wait's "settled" rule, links; and the wait loop with a fake clock.
 */
import { describe, expect, it } from "vitest";
import type { ControllerInfo, Verdict } from "@/lib/domain/wire/fleet";
import type { Health } from "@/lib/domain/health";
import { exitCodeOf } from "../report/model";
import { runCheck } from "./check";
import { type CheckPolicy, type CheckedFunction, DEFAULT_FAIL_ON, type FleetSnapshot, evaluate } from "./evaluate";

const verdict = (health: Health, reasonCode = "x"): Verdict => ({ health, summary: `summary of ${health}`, since: null, reasons: [{ code: reasonCode, text: "" }], actions: [] });
const fn = (id: string, health: Health, reasonCode?: string): CheckedFunction => {
  const [cluster, namespace, name] = id.split("/");
  return { id, cluster, namespace, name, verdict: verdict(health, reasonCode) };
};
const controller = (version: string | null, image = `public.ecr.aws/aws-controllers-k8s/lambda-controller:${version}`): ControllerInfo => ({
  found: true,
  namespace: "ack-system",
  name: "ack-lambda-controller",
  version,
  image,
  replicas: 1,
  readyReplicas: 1,
});
const snapshot = (functions: CheckedFunction[], ctrl: ControllerInfo | null = controller("1.14.1")): FleetSnapshot => ({
  clusters: [{ name: "c1", error: null, controller: ctrl }],
  functions,
  awsAccountErrors: [],
  rejected: [],
  notes: [],
});
const policy = (over: Partial<CheckPolicy> = {}): CheckPolicy => ({ failOn: DEFAULT_FAIL_ON, minControllerVersion: null, requireSettled: false, linkBase: null, ...over });

describe("evaluate", () => {
  it("fails the chosen verdicts, warns on degraded, lets progressing pass before any wait", () => {
    const out = evaluate(snapshot([fn("c1/a/stuck", "stuck"), fn("c1/a/ok", "healthy"), fn("c1/a/new", "progressing"), fn("c1/a/meh", "degraded")]), policy());
    expect(out.findings.map((f) => [f.subject, f.severity, f.code])).toEqual([
      ["c1/a/stuck", "error", "verdict-stuck"],
      ["c1/a/meh", "warning", "verdict-degraded"],
    ]);
    expect(out.checked.map((c) => c.subject)).toEqual(["cluster c1", "c1/a/stuck", "c1/a/ok", "c1/a/new", "c1/a/meh"]);
  });

  it("after --wait, progressing and never-reconciled Functions fail; AWS-unknown ones do not", () => {
    const out = evaluate(snapshot([fn("c1/a/new", "progressing"), fn("c1/a/none", "unknown", "no-status"), fn("c1/a/dark", "unknown", "aws-unreadable")]), policy({ requireSettled: true }));
    expect(out.findings.map((f) => [f.subject, f.code])).toEqual([
      ["c1/a/new", "not-settled"],
      ["c1/a/none", "not-settled"],
    ]);
  });

  it.each([
    ["1.7.3", "error", "controller-below-minimum"],
    ["1.7.4", null, null],
    ["1.10.0", null, null],
  ])("--min-controller-version 1.7.4 with controller %s", (version, severity, code) => {
    const out = evaluate(snapshot([], controller(version)), policy({ minControllerVersion: "1.7.4" }));
    expect(out.findings.map((f) => [f.severity, f.code])).toEqual(severity ? [[severity, code]] : []);
    expect(out.problems).toEqual([]);
  });

  it("a version it cannot read, or a controller lookup that failed, is could-not-check under a minimum, not a pass", () => {
    const digest = evaluate(snapshot([], controller(null, "public.ecr.aws/aws-controllers-k8s/lambda-controller@sha256:0123")), policy({ minControllerVersion: "1.7.4" }));
    expect(exitCodeOf(digest)).toBe(2);
    expect(digest.problems[0].message).toContain("version is unknown");
    const lookup = evaluate({ ...snapshot([]), clusters: [{ name: "c1", error: null, controller: null, controllerError: "Deployments could not be listed: HTTP 403" }] }, policy({ minControllerVersion: "1.7.4" }));
    expect(lookup.problems[0].message).toContain("HTTP 403");
    expect(exitCodeOf(evaluate({ ...snapshot([]), clusters: [{ name: "c1", error: null, controller: null }] }, policy()))).toBe(0);
  });

  it("a missing controller fails under a minimum and warns otherwise", () => {
    const missing: ControllerInfo = { found: false, namespace: null, name: null, version: null, image: null, replicas: null, readyReplicas: null };
    expect(evaluate(snapshot([], missing), policy({ minControllerVersion: "1.7.4" })).findings[0]).toMatchObject({ severity: "error", code: "controller-missing" });
    expect(evaluate(snapshot([], missing), policy()).findings[0]).toMatchObject({ severity: "warning", code: "controller-missing" });
  });

  it("links each finding to the Function's dashboard page, with the cluster name encoded", () => {
    const out = evaluate(
      { ...snapshot([fn("arn:aws:eks:eu-west-1:123456789012:cluster#prod/pay/charge", "stuck")]), clusters: [] },
      policy({ linkBase: "https://fleet.example.com/" }),
    );
    // The id's first segment is the whole ARN here; functionHref encodes each segment.
    expect(out.findings[0].link).toBe("https://fleet.example.com/functions/arn%3Aaws%3Aeks%3Aeu-west-1%3A123456789012%3Acluster%23prod/pay/charge");
  });

  it("an unreachable cluster and an unreadable account are problems (exit 2), findings are kept", () => {
    const out = evaluate(
      { ...snapshot([fn("c1/a/stuck", "stuck")]), clusters: [{ name: "c1", error: null, controller: controller("1.14.1") }, { name: "c2", error: "connection refused", controller: undefined }], awsAccountErrors: [{ accountId: "111122223333", region: "eu-west-1", message: "AccessDeniedException: no", functions: 4 }] },
      policy(),
    );
    expect(out.problems.map((p) => p.subject)).toEqual(["cluster c2", "AWS account 111122223333 in eu-west-1"]);
    expect(out.findings).toHaveLength(1);
    expect(exitCodeOf(out)).toBe(2);
  });
});

describe("runCheck --wait", () => {
  const clock = () => {
    let t = 1_000_000;
    return { now: () => t, sleep: async (ms: number) => void (t += ms) };
  };

  it("reads again every interval until the run passes", async () => {
    const reads = [[fn("c1/a/new", "progressing")], [fn("c1/a/new", "progressing")], [fn("c1/a/new", "healthy")]];
    let i = 0;
    const c = clock();
    const log: string[] = [];
    const report = await runCheck({ source: "test", snapshot: async () => snapshot(reads[Math.min(i++, 2)]), policy: policy(), waitMs: 60_000, intervalMs: 10_000, log: (l) => log.push(l), ...c });
    expect(i).toBe(3);
    expect(log).toHaveLength(2);
    expect(exitCodeOf(report)).toBe(0);
    expect(report.durationMs).toBe(20_000);
  });

  it("gives up at the deadline and reports what still fails", async () => {
    let i = 0;
    const c = clock();
    const report = await runCheck({ source: "test", snapshot: async () => (i++, snapshot([fn("c1/a/new", "progressing")])), policy: policy(), waitMs: 30_000, intervalMs: 10_000, log: () => {}, ...c });
    expect(i).toBe(4);
    expect(report.findings.map((f) => f.code)).toEqual(["not-settled"]);
    expect(exitCodeOf(report)).toBe(1);
  });

  it("without --wait reads once; a read that throws is could-not-check", async () => {
    let i = 0;
    const report = await runCheck({ source: "dashboard x", snapshot: async () => (i++, Promise.reject(new Error("boom"))), policy: policy(), waitMs: 0, intervalMs: 10_000, log: () => {}, ...clock() });
    expect(i).toBe(1);
    expect(report.problems).toEqual([{ subject: "source", group: "source", message: "dashboard x: boom" }]);
    expect(exitCodeOf(report)).toBe(2);
  });
});

/**
 * `check` against the simulated fleet of the demo (three API servers that serve the real
 * CRDs, the Lambda API, a controller model per cluster; prod-us runs lambda-controller 1.7.3
 * with the stale-Pending bug, and holds the seed case: Pending in Kubernetes, Active in AWS,
 * deletion blocked by the finalizer). Read with a read-only identity, as a CI job would.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { ACCOUNT_A, SEED_CASE } from "@/sim/scenarios/catalog";
import { type SimFleet, startSimFleet } from "@/sim/fleet";
import { FAST_SIM_TIMING } from "@/test/dashboard-on-sim";
import { runProcess } from "@/test/run-process";
import { main } from "../main";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let sim: SimFleet;
let dir: string;
let kubeArgs: string[];

// The SDK must not look for credentials outside loopback (instance metadata) or in a developer's profile.
Object.assign(process.env, { AWS_EC2_METADATA_DISABLED: "true", AWS_PROFILE: "" });

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {} as NodeJS.ProcessEnv,
    readStdin: () => "",
    version: "test",
  });
  return { code, stdout, stderr };
}

const json = async (args: string[]) => {
  const r = await cli([...args, "--format", "json"]);
  return { ...r, body: JSON.parse(r.stdout) as { exitCode: number; findings: Array<{ code: string; subject: string; message: string; severity: string }>; problems: Array<{ subject: string; message: string }>; checked: Array<{ subject: string }> } };
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-check-"));
  sim = await startSimFleet({ dir, scenario: "demo", timing: FAST_SIM_TIMING });
  const creds = path.join(dir, "aws-credentials.json");
  fs.writeFileSync(creds, JSON.stringify(sim.aws.credentials));
  kubeArgs = ["check", "--kubeconfig", sim.viewerKubeconfigPath, "--aws-endpoint", sim.aws.endpoint, "--aws-credentials-file", creds, "--aws-rps", "100"];
});

afterAll(async () => {
  await sim?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const seedId = `${SEED_CASE.cluster}/${SEED_CASE.namespace}/${SEED_CASE.name}`;

describe("check from a kubeconfig", () => {
  it("fails (exit 1) on the seed case, the stuck Functions of the 1.7.3 cluster and the other failing verdicts", async () => {
    const { code, body } = await json([...kubeArgs, "--context", "prod-us"]);
    expect(code).toBe(1);
    expect(body.exitCode).toBe(1);
    expect(body.problems).toEqual([]);
    const seed = body.findings.find((f) => f.subject === seedId);
    expect(seed).toMatchObject({ code: "verdict-deletion-blocked", severity: "error" });
    expect(seed?.message).toContain("controller 1.7.3 refuses to delete a function it believes Pending");
    const stuck = body.findings.filter((f) => f.code === "verdict-stuck");
    expect(stuck.length).toBeGreaterThanOrEqual(5);
    expect(stuck.every((f) => f.message.includes("AWS says Active, controller 1.7.3 holds a stale Pending"))).toBe(true);
    expect(new Set(body.findings.map((f) => f.code))).toEqual(
      new Set(["verdict-deletion-blocked", "verdict-stuck", "verdict-terminal", "verdict-failed", "verdict-drift", "controller-known-bug"]),
    );
    // Every Function of the cluster was checked, not only the failing ones.
    expect(body.checked.length).toBe(sim.plan.clusters.find((c) => c.name === "prod-us")!.functions.length + 1);
  });

  it("without --min-controller-version the known bug is a warning; with it, prod-us fails", async () => {
    const plain = await json([...kubeArgs, "--context", "prod-us", "--fail-on", "failed"]);
    expect(plain.body.findings.find((f) => f.subject === "cluster prod-us")).toMatchObject({ code: "controller-known-bug", severity: "warning" });
    const gated = await json([...kubeArgs, "--min-controller-version", "1.7.4", "--fail-on", "deletion-blocked"]);
    const controllers = gated.body.findings.filter((f) => f.code.startsWith("controller-"));
    expect(controllers).toEqual([
      {
        severity: "error",
        code: "controller-below-minimum",
        subject: "cluster prod-us",
        group: "prod-us",
        message: "ACK Lambda controller 1.7.3 (ack-system/ack-lambda-controller-lambda-chart) is older than the minimum 1.7.4; known bugs: stale-pending (aws-controllers-k8s/community#2433, fixed in 1.7.4)",
      },
    ]);
  });

  it("passes (exit 0) when nothing of the chosen verdicts is there", async () => {
    const { code, stdout } = await cli([...kubeArgs, "--context", "prod-eu", "--fail-on", "deletion-blocked", "--min-controller-version", "1.7.4"]);
    expect(stdout).toMatch(/^passed: checked \d+ in/m);
    expect(code).toBe(0);
  });

  it("could not check (exit 2): an AWS account nobody has credentials for, reported with the rest", async () => {
    const { code, body } = await json([...kubeArgs, "--context", "staging"]);
    expect(code).toBe(2);
    expect(body.problems).toEqual([
      {
        subject: "AWS account 777788889999 in us-east-1",
        group: "AWS",
        message: expect.stringMatching(/^CredentialsMissing: .*\(1 Function\(s\) there were judged from Kubernetes alone\)$/),
      },
    ]);
    expect(body.findings.some((f) => f.code === "verdict-stuck")).toBe(true);
  });

  it("judges from Kubernetes alone with --no-aws: the stale Pending is still stuck", async () => {
    const { body } = await json(["check", "--kubeconfig", sim.viewerKubeconfigPath, "--no-aws", "--context", "prod-us", "--namespace", "checkout"]);
    expect((body as unknown as { source: string }).source).toContain("without AWS");
    expect(body.findings.find((f) => f.subject === seedId)?.code).toBe("verdict-deletion-blocked");
    expect(body.findings.filter((f) => f.code === "verdict-stuck").map((f) => f.message)).toEqual([
      expect.stringContaining("AWS state unknown"),
      expect.stringContaining("AWS state unknown"),
    ]);
  });

  it("could not check (exit 2): an unknown context, a stopped cluster", async () => {
    const unknown = await json([...kubeArgs, "--context", "nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.body.problems[0].message).toContain("contexts not in the kubeconfig: nope");
    await sim.stopCluster("staging");
    try {
      const down = await json([...kubeArgs, "--context", "staging,prod-eu", "--fail-on", "deletion-blocked"]);
      expect(down.code).toBe(2);
      expect(down.body.problems).toEqual([{ subject: "cluster staging", group: "staging", message: expect.stringContaining("connection refused") }]);
      expect(down.body.checked.some((c) => c.subject.startsWith("prod-eu/"))).toBe(true);
    } finally {
      await sim.startCluster("staging");
    }
  });

  it("--wait: a Function applied just now passes once the controller has made it healthy", async () => {
    const manifest = YAML.parse(fs.readFileSync(path.join(ROOT, "cli/lint/__fixtures__/valid/functions.yaml"), "utf8").split("\n---\n")[0]);
    manifest.metadata.name = "ci-deployed";
    manifest.spec.name = "pe-payments-ci-deployed";
    // Lambda keeps it Pending for 3 s, so the first read certainly sees it progressing.
    sim.lambda.setLifecycleDelays(ACCOUNT_A, "eu-west-1", manifest.spec.name, { pendingMs: 3000 });
    sim.clusters.find((c) => c.name === "prod-eu")!.kube.store.put(manifest);
    const r = await json([...kubeArgs, "--context", "prod-eu", "--namespace", "payments", "--fail-on", "deletion-blocked,terminal", "--wait", "60s", "--interval", "500ms"]);
    expect(r.stderr).toMatch(/waiting: 1 finding\(s\), 0 could not be checked/);
    expect(r.code).toBe(0);
    expect(r.body.checked.map((c) => c.subject)).toContain("prod-eu/payments/ci-deployed");
  });

  it("--wait: a Function the controller never reconciles fails when the wait is over", async () => {
    sim.clusters.find((c) => c.name === "staging")!.kube.store.put({
      apiVersion: "lambda.services.k8s.aws/v1alpha1",
      kind: "Function",
      metadata: { name: "never-reconciled", namespace: "legacy-imports" },
      spec: { name: "st-never-reconciled", role: "arn:aws:iam::777788889999:role/lambda", runtime: "python3.12", code: { s3Bucket: "b", s3Key: "k.zip" } },
    } as never);
    const started = Date.now();
    // Without AWS: the namespace's account has no credentials anywhere, which alone would make the run incomplete.
    const r = await json(["check", "--kubeconfig", sim.viewerKubeconfigPath, "--no-aws", "--context", "staging", "--namespace", "legacy-imports", "--fail-on", "terminal", "--wait", "4s", "--interval", "500ms"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3500);
    expect(r.stderr).toMatch(/waiting: \d+ finding\(s\)/);
    expect(r.body.findings.find((f) => f.subject === "staging/legacy-imports/never-reconciled")).toMatchObject({
      code: "not-settled",
      severity: "error",
      message: expect.stringMatching(/^still unknown when the wait ended: No status yet/),
    });
    expect(r.code).toBe(1);
  });

  it("writes JUnit to --output and the text report to stdout", async () => {
    const out = path.join(dir, "reports", "fleet.xml");
    const r = await cli([...kubeArgs, "--context", "prod-us", "--format", "junit", "--output", out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^failed: checked \d+/m);
    const xml = fs.readFileSync(out, "utf8");
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="ack-lambda-fleet check"/);
    expect(xml).toContain(`<testcase name="${seedId}"`);
  });
});

describe("the installed command (bin/ack-lambda-fleet.mjs, through tsx)", () => {
  const bin = path.join(ROOT, "bin", "ack-lambda-fleet.mjs");
  // Asynchronous: the simulated servers live in this process and must keep answering.
  const run = (args: string[], cwd: string) =>
    runProcess(process.execPath, [bin, ...args], { cwd, env: { ...process.env, AWS_EC2_METADATA_DISABLED: "true", AWS_PROFILE: "" } });

  it("exits 1 with a JUnit report on stdout, from another directory", async () => {
    const r = await run([...kubeArgs, "--context", "prod-us", "--format", "junit"], os.tmpdir());
    expect(r.stdout).toContain('<testsuites name="ack-lambda-fleet check"');
    expect(r.status, r.stderr + r.stdout.slice(-2000)).toBe(1);
  });

  it("exits 2 on a usage error, naming the flag", async () => {
    const r = await run(["check", "--fail-on", "stuk"], os.tmpdir());
    expect(r.stderr).toContain("--fail-on: unknown verdict(s) stuk");
    expect(r.status).toBe(2);
  });
});

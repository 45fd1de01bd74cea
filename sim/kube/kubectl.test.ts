/**
 * The simulator against the real kubectl binary (env KUBECTL, else PATH). kubectl only sends
 * kubeconfig credentials over TLS, so the simulated cluster runs with `tls: true`.
 */
import { execFile } from "node:child_process";
import { accessSync, constants, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeKubeconfig } from "./kubeconfig";
import { KubeApiSim } from "./server";
import { ACK_FUNCTION_FINALIZER, FN_RESOURCE, TOKENS, functionManifest, testSimOptions } from "./testkit";

function findKubectl(): string | undefined {
  const candidates = process.env.KUBECTL ? [process.env.KUBECTL] : (process.env.PATH ?? "").split(delimiter).map((d) => join(d, "kubectl"));
  return candidates.find((p) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const kubectlPath = findKubectl();
if (!kubectlPath) {
  if (process.env.CI) throw new Error("kubectl not found (set KUBECTL or put kubectl on PATH): required in CI");
  console.warn("[sim/kube] kubectl not found on PATH and KUBECTL unset: skipping the kubectl tests");
}
const maybe = kubectlPath ? describe : describe.skip;

const sim = new KubeApiSim(testSimOptions({ name: "kubectl-test", tls: true }));
const plain = new KubeApiSim(testSimOptions({ name: "plain-http" }));
const dir = mkdtempSync(join(tmpdir(), "kube-sim-kubectl-"));
const kubeconfig = join(dir, "kubeconfig");

function kubectl(args: string[], config = kubeconfig): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      kubectlPath as string,
      ["--kubeconfig", config, "--cache-dir", join(dir, "cache"), "--request-timeout=10s", ...args],
      { timeout: 20_000, env: { ...process.env, HOME: dir, KUBECONFIG: "" } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

maybe("kubectl against the simulator", () => {
  beforeAll(async () => {
    await sim.start();
    await plain.start();
    writeKubeconfig(kubeconfig, [{ name: sim.name, url: sim.url, token: TOKENS.admin, caPem: sim.caPem }]);
    sim.store.put(functionManifest("alpha", "team-a", { finalizers: [ACK_FUNCTION_FINALIZER] }));
    sim.store.put(functionManifest("beta", "team-b", { finalizers: [ACK_FUNCTION_FINALIZER] }));
    const uid = sim.store.get(FN_RESOURCE, "team-a", "alpha")?.metadata.uid;
    sim.store.put({
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: "alpha.17f", namespace: "team-a" },
      involvedObject: { apiVersion: "lambda.services.k8s.aws/v1alpha1", kind: "Function", name: "alpha", namespace: "team-a", uid },
      reason: "ResourceSynced",
      message: "function in 'Pending' state, cannot be modified or deleted",
      type: "Warning",
      count: 3,
      firstTimestamp: new Date(Date.now() - 600_000).toISOString(),
      lastTimestamp: new Date().toISOString(),
      source: { component: "ack-lambda-controller" },
    });
  });
  afterAll(async () => {
    await sim.stop();
    await plain.stop();
  });

  it("get functions -A prints a Table with namespaces", async () => {
    const r = await kubectl(["get", "functions", "-A"]);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trim().split("\n");
    expect(lines[0].split(/\s+/)).toEqual(["NAMESPACE", "NAME", "AGE"]);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2).join("/"))).toEqual(["team-a/alpha", "team-b/beta"]);
  });

  it("describe function shows the object and its events", async () => {
    const r = await kubectl(["describe", "function", "alpha", "-n", "team-a"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Name:\s+alpha$/m);
    expect(r.stdout).toContain(ACK_FUNCTION_FINALIZER);
    expect(r.stdout).toMatch(/Warning\s+ResourceSynced\s+.*function in 'Pending' state/);
  });

  it("get events -n prints the core Event table", async () => {
    const r = await kubectl(["get", "events", "-n", "team-a"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
    expect(r.stdout).toMatch(/Warning\s+ResourceSynced\s+function\/alpha/);
  });

  it("delete --wait=false sets deletionTimestamp; a JSON patch removing the finalizer completes it", async () => {
    const del = await kubectl(["delete", "function", "alpha", "-n", "team-a", "--wait=false"]);
    expect(del.code).toBe(0);
    expect(del.stdout).toMatch(/"alpha" deleted/);
    expect(sim.store.get(FN_RESOURCE, "team-a", "alpha")?.metadata.deletionTimestamp).toBeTruthy();
    const patch = await kubectl(["patch", "function", "alpha", "-n", "team-a", "--type", "json", "-p", '[{"op":"remove","path":"/metadata/finalizers/0"}]']);
    expect(patch.stderr).toBe("");
    expect(patch.stdout).toContain("patched");
    expect(sim.store.get(FN_RESOURCE, "team-a", "alpha")).toBeUndefined();
    const gone = await kubectl(["get", "function", "alpha", "-n", "team-a"]);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('functions.lambda.services.k8s.aws "alpha" not found');
  });

  it("shows the server's 422 for a failed JSON patch test", async () => {
    const r = await kubectl(["patch", "function", "beta", "-n", "team-b", "--type", "json", "-p", '[{"op":"test","path":"/metadata/resourceVersion","value":"1"}]']);
    expect(r.code).not.toBe(0);
    // What kubectl prints against kube-apiserver v1.37 too (the 422 carries no details).
    expect(r.stderr.trim()).toBe("The request is invalid: the server rejected our request due to an error in our request");
  });

  it("apply -f creates then configures (needs /openapi/v3); unknown fields fail strict validation", async () => {
    const manifest = join(dir, "fn.yaml");
    const yaml = (labels: string, extra = "") =>
      `apiVersion: lambda.services.k8s.aws/v1alpha1\nkind: Function\nmetadata:\n  name: applied\n  namespace: team-b\n  labels: {${labels}}\nspec:\n  name: applied\n  code: {s3Bucket: b}\n  role: arn:aws:iam::111122223333:role/r\n${extra}`;
    writeFileSync(manifest, yaml("a: b"));
    const created = await kubectl(["apply", "-f", manifest]);
    expect(created.stderr).toBe("");
    expect(created.stdout).toContain("applied created");
    writeFileSync(manifest, yaml("a: c"));
    expect((await kubectl(["apply", "-f", manifest])).stdout).toContain("applied configured");
    expect(sim.store.get(FN_RESOURCE, "team-b", "applied")?.metadata.labels).toEqual({ a: "c" });
    writeFileSync(manifest, yaml("a: c", "  notAField: 1\n"));
    const strict = await kubectl(["apply", "-f", manifest]);
    expect(strict.code).not.toBe(0);
    expect(strict.stderr).toContain('strict decoding error: unknown field "spec.notAField"');
  });

  it("auth can-i (protobuf SelfSubjectAccessReview) and whoami answer from the policy, with --as", async () => {
    expect((await kubectl(["auth", "can-i", "patch", "functions", "-n", "team-a", "--as", "alice"])).stdout.trim()).toBe("yes");
    const no = await kubectl(["auth", "can-i", "patch", "functions", "-n", "team-b", "--as", "alice"]);
    expect(no.stdout.trim()).toBe("no");
    expect(no.code).toBe(1);
    expect((await kubectl(["auth", "whoami"])).stdout).toMatch(/Username\s+admin/);
  });

  it("sends no credentials to a plain-http server (hence tls: true for kubectl)", async () => {
    const cfg = join(dir, "plain-kubeconfig");
    writeKubeconfig(cfg, [{ name: plain.name, url: plain.url, token: TOKENS.admin }]);
    const r = await kubectl(["get", "functions", "-A"], cfg);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/provide credentials|Unauthorized/);
  });
});

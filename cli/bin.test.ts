/**
 * The command as a user runs it: `npx ack-lambda-fleet` in the checkout (npm runs the
 * package's own bin), and bin/ack-lambda-fleet.mjs from any directory, which runs the
 * TypeScript through tsx with this package's tsconfig and finds the CRDs next to itself.
 */
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runProcess } from "@/test/run-process";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FIXTURES = path.join(ROOT, "cli", "lint", "__fixtures__");

const run = (cmd: string, args: string[], cwd: string) => runProcess(cmd, args, { cwd, timeoutMs: 60_000 });

describe("ack-lambda-fleet as installed", () => {
  it("npx ack-lambda-fleet runs the package's bin (no registry involved)", async () => {
    const r = await run("npx", ["--no-install", "ack-lambda-fleet", "--version"], ROOT);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(r.status).toBe(0);
  });

  it("lints from another directory: exit 1, file:line in the message", async () => {
    const r = await run(process.execPath, [path.join(ROOT, "bin", "ack-lambda-fleet.mjs"), "lint", path.join(FIXTURES, "missing-code.yaml")], os.tmpdir());
    expect(r.stdout).toContain(`${path.join(FIXTURES, "missing-code.yaml")}:8:1: error [crd-schema]`);
    expect(r.status).toBe(1);
  });

  it("exits 0 on valid manifests read from stdin", async () => {
    const stdin =
      "apiVersion: lambda.services.k8s.aws/v1alpha1\nkind: Function\nmetadata: {name: a, namespace: b, annotations: {services.k8s.aws/region: eu-west-1}}\n" +
      "spec: {name: a, role: 'arn:aws:iam::111122223333:role/r', runtime: python3.12, code: {zipFile: UEsDBA==}}\n";
    const r = await runProcess(process.execPath, [path.join(ROOT, "bin", "ack-lambda-fleet.mjs"), "lint", "-", "--format", "json"], { cwd: os.tmpdir(), stdin });
    expect(JSON.parse(r.stdout)).toMatchObject({ exitCode: 0, summary: { checked: 1, errors: 0 } });
    expect(r.status).toBe(0);
  });
});

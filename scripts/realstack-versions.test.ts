/**
 * scripts/realstack-versions.sh prints one version line per binary and never fails because the
 * binary writes more than that line: here a stand-in etcd writes 64,000 lines after its version
 * (a `| head -1` under pipefail would die of SIGPIPE on it, exit 141).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SCRIPT = path.resolve(__dirname, "realstack-versions.sh");

function fakeBin(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "realstack-versions-"));
  fs.writeFileSync(path.join(dir, "kube-apiserver"), "#!/bin/sh\necho 'Kubernetes v1.37.2'\n", { mode: 0o755 });
  fs.writeFileSync(path.join(dir, "etcd"), "#!/bin/sh\necho 'etcd Version: 3.7.3'\ni=0\nwhile [ $i -lt 64000 ]; do echo \"Git SHA: line $i of a long build report\"; i=$((i+1)); done\n", { mode: 0o755 });
  return dir;
}

describe("realstack-versions.sh", () => {
  it("prints the first line of each --version, however much more a binary writes", () => {
    const dir = fakeBin();
    const r = spawnSync("bash", [SCRIPT, dir], { encoding: "utf8", timeout: 60_000 });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("Kubernetes v1.37.2\netcd Version: 3.7.3\n");
    expect(r.status).toBe(0);
  });

  it("fails when a binary fails", () => {
    const dir = fakeBin();
    fs.writeFileSync(path.join(dir, "etcd"), "#!/bin/sh\nexit 3\n", { mode: 0o755 });
    const r = spawnSync("bash", [SCRIPT, dir], { encoding: "utf8", timeout: 60_000 });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.status).not.toBe(0);
  });
});

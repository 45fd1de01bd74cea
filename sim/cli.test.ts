import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCli } from "./cli";

const ROOT = "/repo";

describe("parseCli", () => {
  it("defaults: demo fleet, seed 20433, .sim in the repo, ports 16443.. and 19000, controllers on", () => {
    expect(parseCli([], {}, ROOT)).toEqual({
      seed: 20433,
      scenario: "demo",
      dir: "/repo/.sim",
      runControllers: true,
      clusterBasePort: 16443,
      lambdaPort: 19000,
    });
  });

  it("reads flags and ports from the environment; large fleets run without controllers unless asked", () => {
    const o = parseCli(["--seed", "7", "--large=20000", "--dir", "/tmp/x"], { SIM_BASE_PORT: "20000", SIM_LAMBDA_PORT: "21000" }, ROOT);
    expect(o).toMatchObject({ seed: 7, scenario: { large: 20000 }, dir: "/tmp/x", runControllers: false, clusterBasePort: 20000, lambdaPort: 21000 });
    expect(parseCli(["--large", "10", "--controllers"], {}, ROOT).runControllers).toBe(true);
  });

  it("rejects bad input with a clear message", () => {
    expect(() => parseCli(["--seed", "abc"], {}, ROOT)).toThrow(/--seed needs a whole number/);
    expect(() => parseCli(["--large", "50001"], {}, ROOT)).toThrow(/between 1 and 50000/);
    expect(() => parseCli(["--bogus"], {}, ROOT)).toThrow(/unknown argument "--bogus"/);
    expect(() => parseCli([], { SIM_BASE_PORT: "80" }, ROOT)).toThrow(/SIM_BASE_PORT must be between/);
    expect(() => parseCli([], { SIM_BASE_PORT: "19000" }, ROOT)).toThrow(/overlaps/);
  });
});

function freePortBlock(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe("npm run sim (tsx sim/cli.ts)", () => {
  it("starts, writes the kubeconfig, prints the kubectl command, and stops cleanly on SIGINT", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-cli-"));
    const base = 30_000 + Math.floor(Math.random() * 20_000);
    const lambdaPort = await freePortBlock();
    // Node itself with tsx as a loader: the signal goes to the process that handles it, not
    // through the tsx CLI's relay, whose timing made the exit code flaky on a loaded machine.
    const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "cli.ts"), "--dir", dir, "--no-controllers"], {
      cwd: join(__dirname, ".."),
      env: { ...process.env, SIM_BASE_PORT: String(base), SIM_LAMBDA_PORT: String(lambdaPort) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (b) => (out += String(b)));
    child.stderr.on("data", (b) => (out += String(b)));
    try {
      await expect.poll(() => out, { timeout: 25_000, interval: 100 }).toContain("Ctrl-C stops it.");
      expect(out).toContain(`kubectl --kubeconfig ${join(dir, "kubeconfig")} get functions -A`);
      expect(out).toContain(`https://127.0.0.1:${base}`);
      expect(statSync(join(dir, "kubeconfig")).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(dir, "kubeconfig"), "utf8")).toContain("prod-us");
      expect(out).not.toContain("sim-secret");
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      child.kill("SIGINT");
      expect(await exited).toBe(0);
      expect(out).toContain("SIGINT: stopping the fleet");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);
});

/**
 * A bad configuration stops the process at start, with one log line naming the variable and a
 * non-zero exit (under Kubernetes: a crash-loop whose log says why). Run as a real child
 * process: process.env, process.exit and the log are the ones an operator sees.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const BOOT = path.join(__dirname, "__fixtures__", "boot.ts");

function boot(env: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "boot-"));
  const kubeconfig = path.join(dir, "kubeconfig");
  // A kubeconfig with one context whose server is never reached in this test.
  fs.writeFileSync(
    kubeconfig,
    "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:1'}\ncontexts:\n- name: c\n  context: {cluster: c, user: u}\nusers:\n- name: u\n  user: {token: not-a-real-token}\ncurrent-context: c\n",
  );
  const base: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: dir, KUBECONFIG: kubeconfig, ACK_FLEET_STORE: `sqlite:${path.join(dir, "history.db")}` };
  const r = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", BOOT], { cwd: ROOT, env: { ...base, ...env } as NodeJS.ProcessEnv, encoding: "utf8", timeout: 60_000 });
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: r.status, stdout: r.stdout, lines: r.stderr.split("\n").filter((l) => l.startsWith("[boot]")) };
}

describe("starting the server process", () => {
  it("starts with a valid configuration", () => {
    const r = boot({});
    expect(r.lines).toEqual([]);
    expect(r.stdout).toContain('started: {"recordTimeline":true,"readAws":true}');
    expect(r.status).toBe(0);
  }, 60_000);

  it.each([
    ["ACK_FLEET_AWS_RPS", { ACK_FLEET_AWS_RPS: "fast" }],
    ["ACK_FLEET_PENDING_TIMEOUT", { ACK_FLEET_PENDING_TIMEOUT: "ten minutes" }],
    ["ACK_FLEET_PROXY_SECRET", { ACK_FLEET_AUTH_MODE: "proxy" }],
    ["ACK_FLEET_STORE", { ACK_FLEET_STORE: "postgres://fleet:hunter2@db/fleet" }],
    ["ACK_FLEET_STORE_OWNER", { ACK_FLEET_STORE_OWNER: "mysql://owner:hunter2@db/fleet" }],
    ["KUBECONFIG", { KUBECONFIG: "/nonexistent/kubeconfig" }],
    ["ACK_FLEET_WEBHOOKS", { ACK_FLEET_WEBHOOKS: `[{"url":"https://hooks.slack.com/services/T0/B0/hunter2","format":"teams"}]` }],
  ])("exits non-zero with one line naming %s", (variable, env) => {
    const r = boot(env);
    expect(r.status).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toContain(variable);
    expect(r.stdout).not.toContain("started");
    // A value is never echoed whole: it may be a secret in the wrong variable.
    expect(r.lines[0]).not.toContain("hunter2");
  }, 60_000);
});

/**
 * The container image, built from the repository's Dockerfile with podman on local stand-ins of
 * its base images (no registry is reachable here), and run as a platform team would run it:
 * read-only root filesystem (not even a /tmp), a volume for /data, the kubeconfig and AWS
 * credentials mounted read-only, against the simulated fleet on the host's loopback.
 * Needs podman, runc and mmdebstrap (apt) and this machine's Node 20; the first build takes
 * many minutes (about 20 on 2 busy cores), later ones reuse podman's layer cache under
 * ~/.cache/ack-lambda-fleet/podman.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimFleet, type SimFleet } from "@/sim/fleet";
import { find, render } from "../helm/render";
import { runnableOrReport } from "../test-support";
import { findHelm } from "../tools";
import { buildAppImage, type BuiltImage } from "./build";
import { findLocalNode } from "./local-images";
import { podman, podmanBinary, podmanOk, ULIMITS } from "./podman";

const UID = 10001;
const onPath = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
const node = findLocalNode();
const problems = [
  podmanBinary() ? null : "podman is not installed (apt-get install podman runc)",
  onPath("runc") || fs.existsSync("/usr/sbin/runc") ? null : "runc is not installed (apt-get install runc)",
  onPath("mmdebstrap") ? null : "mmdebstrap is not installed (apt-get install mmdebstrap)",
  "problem" in node ? node.problem : null,
  findHelm() ? null : "helm is not built (scripts/deploy-tools-build.sh): the chart's probe is run in the image",
].filter((p): p is string => p !== null);
const runnable = runnableOrReport("container image", problems);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== null) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s${last ? ` (${String(last)})` : ""}`);
}

describe.skipIf(!runnable)("container image (podman, read-only, against the simulated fleet)", () => {
  const run = `ack-fleet-image-test-${process.pid}`;
  let image: BuiltImage;
  let sim: SimFleet | undefined;
  let dir: string | undefined;
  let base = "";
  let started = false;
  /** `podman run` of the image as the test runs it, under a container name. */
  let runArgs: (name: string) => string[] = () => [];

  beforeAll(async () => {
    image = await buildAppImage((line) => console.log(`[image] ${line}`));
    console.log(`[image] ${image.ref}: ${(image.size / 1e6).toFixed(0)} MB (podman's uncompressed size); build seconds ${JSON.stringify(image.seconds)}`);

    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ack-fleet-image-"));
    sim = await startSimFleet({ dir: path.join(dir, "sim"), scenario: "demo" });
    // What a Secret volume gives the pod: files readable by the container's group only.
    const config = path.join(dir, "config");
    fs.mkdirSync(config, { mode: 0o750 });
    fs.chownSync(config, 0, UID);
    const files = { kubeconfig: fs.readFileSync(sim.kubeconfigPath), "aws-credentials.json": JSON.stringify(sim.aws.credentials) };
    for (const [name, content] of Object.entries(files)) {
      fs.writeFileSync(path.join(config, name), content, { mode: 0o640 });
      fs.chownSync(path.join(config, name), 0, UID);
    }
    await podman(["rm", "-f", run], { timeoutMs: 60_000 });
    await podman(["volume", "rm", "-f", run], { timeoutMs: 60_000 });
    await podmanOk(["volume", "create", run], { timeoutMs: 60_000 });

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    runArgs = (name) => [
      "run", "-d", "--name", name,
      "--network", "host",
      ...ULIMITS, "--ulimit", "nproc=4096:4096",
      // As the chart runs it: nothing writable but /data (no /tmp either), no capabilities.
      "--read-only", "--read-only-tmpfs=false",
      "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
      "-v", `${run}:/data`,
      "-v", `${config}:/config:ro`,
      "-e", "KUBECONFIG=/config/kubeconfig",
      "-e", "ACK_FLEET_AWS_CREDENTIALS_FILE=/config/aws-credentials.json",
      "-e", `ACK_FLEET_AWS_ENDPOINT=${sim!.aws.endpoint}`,
      "-e", "AWS_REGION=us-east-1",
      "-e", `PORT=${port}`,
      // Local auth mode serves loopback only (the chart does the same).
      "-e", "HOSTNAME=127.0.0.1",
      image.ref,
    ];
    await podmanOk(runArgs(run), { timeoutMs: 120_000 });
    started = true;
    await waitFor("the dashboard in the container answers /api/healthz with every cluster connected", 120_000, async () => {
      const res = await fetch(`${base}/api/healthz`);
      if (res.status !== 200) return null;
      const body = (await res.json()) as { clusters: Array<{ connected: boolean }> };
      return body.clusters.length === 3 && body.clusters.every((c) => c.connected) ? body : null;
    });
  }, 45 * 60_000);

  afterAll(async () => {
    if (started) await podman(["rm", "-f", "-t", "0", run], { timeoutMs: 60_000 });
    await podman(["volume", "rm", "-f", run], { timeoutMs: 60_000 });
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it("answers its probe and serves the overview, the API and the seed case from the simulated fleet", async () => {
    const health = await fetch(`${base}/api/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", clusters: expect.arrayContaining([expect.objectContaining({ connected: true })]) });
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("content-security-policy")).toContain("'strict-dynamic'");
    const html = await page.text();
    expect(html).toContain("<html");
    // The browser's assets are served from the image (static files copied beside server.js).
    const script = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script, "a script of the page").toBeTruthy();
    expect((await fetch(`${base}${script}`)).status).toBe(200);
    // The fleet through the container's kubeconfig and the simulated Lambda API.
    type Rows = { items: Array<{ verdict: { health: string }; aws: unknown }> };
    const list = (await (await fetch(`${base}/api/functions?limit=20000`)).json()) as Rows;
    expect(list.items.length).toBeGreaterThan(10);
    expect(list.items.map((r) => r.verdict.health)).toContain("deletion-blocked");
    await waitFor("live AWS state read from the simulated Lambda API", 60_000, async () => {
      const again = (await (await fetch(`${base}/api/functions?limit=20000`)).json()) as Rows;
      return again.items.some((r) => r.aws) ? true : null;
    });
  });

  it("runs as uid and gid 10001, not root", async () => {
    const inspect = JSON.parse(await podmanOk(["inspect", run], { timeoutMs: 30_000 })) as Array<{ State: { Pid: number }; Config: { User: string } }>;
    expect(inspect[0].Config.User).toBe("10001:10001");
    const status = fs.readFileSync(`/proc/${inspect[0].State.Pid}/status`, "utf8");
    // Real, effective, saved and filesystem ids (proc(5)).
    expect(/^Uid:\s+(.*)$/m.exec(status)?.[1].split(/\s+/)).toEqual(["10001", "10001", "10001", "10001"]);
    expect(/^Gid:\s+(.*)$/m.exec(status)?.[1].split(/\s+/)).toEqual(["10001", "10001", "10001", "10001"]);
    expect(/^CapEff:\s+(\S+)$/m.exec(status)?.[1]).toBe("0000000000000000");
  });

  it("wrote nothing outside /data: read-only root, an empty diff, the store on the volume, no write error logged", async () => {
    const inspect = JSON.parse(await podmanOk(["inspect", run], { timeoutMs: 30_000 })) as Array<{ HostConfig: { ReadonlyRootfs: boolean } }>;
    expect(inspect[0].HostConfig.ReadonlyRootfs).toBe(true);
    // podman itself adds the mount points it needs (/etc/hosts, /config) before it makes the
    // root read-only: a container of the same image and mounts whose process does nothing shows
    // those, and the dashboard's container must show nothing more.
    const diffOf = async (name: string) => (await podmanOk(["diff", name], { timeoutMs: 60_000 })).split("\n").filter(Boolean).sort();
    const control = `${run}-control`;
    await podman(["rm", "-f", control], { timeoutMs: 60_000 });
    const idle = runArgs(control);
    await podmanOk([...idle.slice(0, -1), "--entrypoint", "node", idle[idle.length - 1], "-e", "setTimeout(() => {}, 120000)"], { timeoutMs: 60_000 });
    try {
      const expected = await diffOf(control);
      expect(expected.length, "podman's own mount points").toBeLessThan(5);
      expect(await diffOf(run)).toEqual(expected);
    } finally {
      await podman(["rm", "-f", "-t", "0", control], { timeoutMs: 60_000 });
    }
    const volume = JSON.parse(await podmanOk(["volume", "inspect", run], { timeoutMs: 30_000 })) as Array<{ Mountpoint: string }>;
    const stored = fs.readdirSync(volume[0].Mountpoint);
    expect(stored).toContain("history.db");
    const logs = await podman(["logs", run], { timeoutMs: 30_000 });
    expect(`${logs.stdout}${logs.stderr}`).not.toMatch(/EROFS|read-only file system|EACCES/i);
  });

  it("the chart's local-mode probe passes when the kubelet runs it in this image", async () => {
    const objects = render(findHelm()!, { valuesFiles: ["default-values.yaml"] });
    const deployment = find(objects, "Deployment") as unknown as { spec: { template: { spec: { containers: Array<{ livenessProbe: { exec: { command: string[] } } }> } } } };
    const command = deployment.spec.template.spec.containers[0].livenessProbe.exec.command;
    const port = new URL(base).port;
    // The chart's pod listens on 3000; this container on a free port of the host's network.
    const here = command.map((part) => part.replace("127.0.0.1:3000", `127.0.0.1:${port}`));
    expect(here).not.toEqual(command);
    expect((await podman(["exec", run, ...here], { timeoutMs: 30_000 })).code).toBe(0);
    expect(here.join(" ")).toContain("/api/livez");
    const wrongPath = here.map((part) => part.replace("/api/livez", "/api/no-such-probe"));
    expect((await podman(["exec", run, ...wrongPath], { timeoutMs: 30_000 })).code).toBe(1);
  });

  it("holds no dev dependency, no source map, no source or test file and nothing secret; its size is reported", async () => {
    const mount = (await podmanOk(["image", "mount", image.ref], { timeoutMs: 120_000 })).trim();
    try {
      const app = path.join(mount, "app");
      const modules = fs.readdirSync(path.join(app, "node_modules"));
      for (const dev of ["typescript", "vitest", "eslint", "@playwright", "tsx", "tailwindcss", "jsdom", "@testing-library", "sharp"]) expect(modules).not.toContain(dev);
      // @kubernetes/client-node is bundled into the server's chunks (next.config.js: cold start).
      expect(modules).toEqual(expect.arrayContaining(["next", "better-sqlite3"]));
      const all: string[] = [];
      const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          const p = path.join(d, e.name);
          if (e.isDirectory()) walk(p);
          else all.push(path.relative(mount, p));
        }
      };
      walk(app);
      expect(all.filter((f) => f.endsWith(".map"))).toEqual([]);
      // The server's files; .next/static is what the build emits for the browser.
      const server = all.filter((f) => !f.startsWith("app/.next/static/"));
      expect(server.filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".d.ts"))).toEqual([]);
      expect(all.filter((f) => /\.test\.[jt]sx?$/.test(f))).toEqual([]);
      expect(all.filter((f) => /(^|\/)([^/]*kubeconfig[^/]*|aws-credentials[^/]*|\.env(\.[^/]*)?|[^/]*\.pem|id_rsa[^/]*|\.npmrc)$/i.test(f))).toEqual([]);
      expect(fs.existsSync(path.join(mount, "run", "secrets"))).toBe(false);
      expect(fs.existsSync(path.join(mount, "usr", "local", "bin", "npm"))).toBe(false);
      expect(fs.statSync(path.join(mount, "data")).uid).toBe(UID);
      expect(fs.statSync(path.join(app, "server.js")).uid).toBe(0);
    } finally {
      await podman(["image", "unmount", image.ref], { timeoutMs: 60_000 });
    }
    console.log(`[image] size: ${(image.size / 1e6).toFixed(0)} MB uncompressed (local Debian base ${image.runtimeImage})`);
    expect(image.size).toBeGreaterThan(50e6);
    expect(image.size).toBeLessThan(400e6);
  });

  it("ends on SIGTERM (podman stop) by itself, not killed at the end of the grace period", async () => {
    const t0 = Date.now();
    await podmanOk(["stop", "-t", "10", run], { timeoutMs: 60_000 });
    const seconds = (Date.now() - t0) / 1000;
    const state = JSON.parse(await podmanOk(["inspect", run], { timeoutMs: 30_000 })) as Array<{ State: { ExitCode: number } }>;
    console.log(`[image] podman stop took ${seconds.toFixed(1)} s, exit code ${state[0].State.ExitCode}`);
    // 137 = SIGKILL after the grace period: node as PID 1 would ignore SIGTERM without a handler.
    expect(state[0].State.ExitCode).not.toBe(137);
  }, 60_000);
});

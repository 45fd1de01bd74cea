/**
 * podman as this project runs it for the image test: Debian's podman with runc and cgroupfs (this
 * VM mounts cgroups in hybrid mode, which crun refuses), and its own storage under the project's
 * cache folder, so that the layers survive between CI runs and never mix with anyone else's
 * images on the machine.
 *
 * Storage driver: overlay when the kernel mounts an overlay in that folder (root on ext4, as
 * here), else vfs. vfs works everywhere but stores every layer as a full copy of its
 * filesystem: measured here, a build with every step cached took 6.5 minutes and the storage
 * 12 GB, where overlay shares the lower layers. ACK_FLEET_PODMAN_DRIVER=vfs|overlay forces one.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cacheRoot } from "../../realstack/bins";

/** The open-files limit podman may ask for here: the VM's hard limit is 20000. */
export const ULIMITS = ["--ulimit", "nofile=20000:20000"];

export interface PodmanResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function podmanBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  const r = spawnSync("sh", ["-c", "command -v podman"], { env, encoding: "utf8" });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

let probedDriver: "overlay" | "vfs" | null = null;

/** Whether an overlay filesystem can be mounted inside `dir` (root, kernel overlay support). */
function overlayMountsIn(dir: string): boolean {
  if (process.getuid?.() !== 0) return false;
  fs.mkdirSync(dir, { recursive: true });
  const probe = fs.mkdtempSync(path.join(dir, ".overlay-probe-"));
  try {
    for (const d of ["lower", "upper", "work", "merged"]) fs.mkdirSync(path.join(probe, d));
    const opts = `lowerdir=${probe}/lower,upperdir=${probe}/upper,workdir=${probe}/work`;
    const mounted = spawnSync("mount", ["-t", "overlay", "overlay", "-o", opts, path.join(probe, "merged")]).status === 0;
    if (mounted) spawnSync("umount", [path.join(probe, "merged")]);
    return mounted;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

export function storageDriver(env: NodeJS.ProcessEnv = process.env): "overlay" | "vfs" {
  const forced = env.ACK_FLEET_PODMAN_DRIVER;
  if (forced === "overlay" || forced === "vfs") return forced;
  probedDriver ??= overlayMountsIn(path.join(cacheRoot(env), "podman")) ? "overlay" : "vfs";
  return probedDriver;
}

/** Global flags: runtime, storage driver and folders (one per driver), cgroup manager. */
export function podmanGlobalArgs(env: NodeJS.ProcessEnv = process.env): string[] {
  const driver = storageDriver(env);
  const storage = path.join(cacheRoot(env), "podman", driver);
  // Run-time state belongs on a tmpfs that a reboot clears (/run), as podman expects.
  const runBase = fs.existsSync("/run") && process.getuid?.() === 0 ? "/run" : os.tmpdir();
  const run = path.join(runBase, `ack-lambda-fleet-podman-${driver}`);
  return [
    "--runtime", "runc",
    "--storage-driver", driver,
    "--cgroup-manager", "cgroupfs",
    "--events-backend", "file",
    "--root", path.join(storage, "storage"),
    "--runroot", path.join(run, "runroot"),
    "--tmpdir", path.join(run, "libpod"),
  ];
}

export interface RunOptions {
  /** Kill podman (SIGKILL to its process group) after this long. */
  timeoutMs: number;
  /** Print each output line with this prefix as it comes (builds are long). */
  echo?: string;
  cwd?: string;
  /** Added to the environment (e.g. TMPDIR for where buildah keeps its cache mounts). */
  env?: Record<string, string>;
}

/** Runs `podman <global flags> <args>`; never throws for a non-zero exit, only on a timeout. */
export function podman(args: string[], opts: RunOptions): Promise<PodmanResult> {
  const bin = podmanBinary() ?? "podman";
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [...podmanGlobalArgs(), ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const echo = (chunk: Buffer) => {
      if (!opts.echo) return;
      for (const line of chunk.toString().split("\n")) if (line.trim()) process.stdout.write(`${opts.echo}${line}\n`);
    };
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      echo(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      echo(d);
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
      reject(new Error(`podman ${args[0]} did not finish within ${Math.round(opts.timeoutMs / 1000)} s`));
    }, opts.timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** Like podman(), but a non-zero exit is an error that carries podman's own message. */
export async function podmanOk(args: string[], opts: RunOptions): Promise<string> {
  const r = await podman(args, opts);
  if (r.code !== 0) {
    const tail = (r.stderr || r.stdout).trim().split("\n").slice(-15).join("\n");
    throw new Error(`podman ${args.slice(0, 2).join(" ")} failed (exit ${r.code}):\n${tail}`);
  }
  return r.stdout;
}

export async function imageExists(ref: string): Promise<boolean> {
  const r = await podman(["image", "exists", ref], { timeoutMs: 60_000 });
  return r.code === 0;
}

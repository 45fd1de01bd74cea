/**
 * Stand-ins for the Dockerfile's two base images, made on this machine because no container
 * registry is reachable:
 * - RUNTIME_IMAGE (debian:bookworm-slim): a Debian bookworm minbase made by mmdebstrap from
 *   Debian's packages, with the documentation, manuals and translations left out as Debian's
 *   "-slim" images do, so the reported image size is close to the real one;
 * - NODE_IMAGE (node:20-bookworm-slim): that base plus this machine's Node 20 (node, npm and
 *   the C headers), laid out as in the official image under /usr/local.
 * The base is cached as a tar under <cache>/images and imported once into podman's storage.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { cacheRoot } from "../../realstack/bins";
import { imageExists, podman, podmanOk, ULIMITS } from "./podman";

export const DEBIAN_SUITE = "bookworm";
export const BASE_IMAGE = `localhost/ack-lambda-fleet/debian-base:${DEBIAN_SUITE}-slim`;
const NODE_IMAGE_REPO = "localhost/ack-lambda-fleet/node";

/** dpkg filters of Debian's slim images (debuerreotype's --slimify). */
const SLIM_DPKG_OPTIONS = [
  "path-exclude=/usr/share/doc/*",
  "path-include=/usr/share/doc/*/copyright",
  "path-exclude=/usr/share/man/*",
  "path-exclude=/usr/share/info/*",
  "path-exclude=/usr/share/locale/*",
  "path-include=/usr/share/locale/locale.alias",
  "path-exclude=/usr/share/lintian/*",
];

export function baseTarPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheRoot(env), "images", `debian-${DEBIAN_SUITE}-minbase-slim.tar`);
}

function runTool(cmd: string, args: string[], timeoutMs: number, echo: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
    let tail = "";
    const onData = (d: Buffer) => {
      tail = (tail + d.toString()).slice(-4000);
      for (const line of d.toString().split("\n")) if (line.trim()) process.stdout.write(`${echo}${line}\n`);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* gone */
      }
      reject(new Error(`${cmd} did not finish within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} failed (exit ${code}):\n${tail}`));
    });
  });
}

/** The Debian base image in podman's storage, from the cached tar (made first if missing). */
export async function ensureDebianBase(log: (line: string) => void): Promise<string> {
  if (await imageExists(BASE_IMAGE)) return BASE_IMAGE;
  const tar = baseTarPath();
  if (!fs.existsSync(tar)) {
    fs.mkdirSync(path.dirname(tar), { recursive: true });
    const partial = `${tar}.partial`;
    fs.rmSync(partial, { force: true });
    const started = Date.now();
    log(`mmdebstrap: ${DEBIAN_SUITE} minbase -> ${tar}`);
    await runTool(
      "mmdebstrap",
      ["--variant=minbase", "--format=tar", ...SLIM_DPKG_OPTIONS.map((o) => `--dpkgopt=${o}`), DEBIAN_SUITE, partial],
      15 * 60_000,
      "  mmdebstrap| ",
    );
    fs.renameSync(partial, tar);
    log(`mmdebstrap: done in ${Math.round((Date.now() - started) / 1000)} s, ${Math.round(fs.statSync(tar).size / 1e6)} MB`);
  }
  await podmanOk(["import", tar, BASE_IMAGE], { timeoutMs: 10 * 60_000 });
  return BASE_IMAGE;
}

export interface LocalNode {
  /** The `node` binary copied into the image. */
  binary: string;
  /** e.g. v20.20.2 */
  version: string;
  /** npm's package folder (…/lib/node_modules/npm). */
  npmDir: string;
  /** The C headers (…/include/node) node-gyp compiles native modules against. */
  includeDir: string;
}

/** This machine's Node installation, or why it cannot stand in for the official image. */
export function findLocalNode(binary = "/usr/bin/node"): LocalNode | { problem: string } {
  if (!fs.existsSync(binary)) return { problem: `${binary} does not exist` };
  const version = spawnSync(binary, ["--version"], { encoding: "utf8" }).stdout.trim();
  if (!/^v20\./.test(version)) return { problem: `${binary} is ${version || "not runnable"}, not Node 20 (package.json "engines")` };
  const prefix = path.dirname(path.dirname(fs.realpathSync(binary)));
  const npmDir = path.join(prefix, "lib", "node_modules", "npm");
  const includeDir = path.join(prefix, "include", "node");
  if (!fs.existsSync(path.join(npmDir, "bin", "npm-cli.js"))) return { problem: `npm is not in ${npmDir}` };
  if (!fs.existsSync(path.join(includeDir, "node.h"))) return { problem: `the Node headers are not in ${includeDir}` };
  return { binary, version, npmDir, includeDir };
}

/**
 * The NODE_IMAGE stand-in, tagged with the Node version: a different Node on the machine makes
 * a new one (and the older tags are removed). One COPY layer, because every layer is a full copy
 * of the filesystem with the vfs storage driver.
 */
export async function ensureLocalNodeImage(node: LocalNode, baseImage: string, log: (line: string) => void): Promise<string> {
  const ref = `${NODE_IMAGE_REPO}:${node.version}-${DEBIAN_SUITE}-local`;
  if (await imageExists(ref)) return ref;
  const started = Date.now();
  const ctx = fs.mkdtempSync(path.join(cacheRoot(), "images", "node-context-"));
  try {
    const local = path.join(ctx, "usr", "local");
    fs.mkdirSync(path.join(local, "bin"), { recursive: true });
    fs.mkdirSync(path.join(local, "lib", "node_modules"), { recursive: true });
    fs.mkdirSync(path.join(local, "include"), { recursive: true });
    fs.copyFileSync(node.binary, path.join(local, "bin", "node"));
    fs.cpSync(node.npmDir, path.join(local, "lib", "node_modules", "npm"), { recursive: true, verbatimSymlinks: true });
    fs.cpSync(node.includeDir, path.join(local, "include", "node"), { recursive: true, verbatimSymlinks: true });
    fs.symlinkSync("../lib/node_modules/npm/bin/npm-cli.js", path.join(local, "bin", "npm"));
    fs.symlinkSync("../lib/node_modules/npm/bin/npx-cli.js", path.join(local, "bin", "npx"));
    fs.copyFileSync(path.join(__dirname, "local-node.Containerfile"), path.join(ctx, "Containerfile"));
    log(`podman build ${ref} (this machine's Node ${node.version} on ${baseImage})`);
    await podmanOk(["build", "--isolation", "chroot", ...ULIMITS, "--build-arg", `BASE_IMAGE=${baseImage}`, "-t", ref, "-f", "Containerfile", "."], {
      timeoutMs: 15 * 60_000,
      cwd: ctx,
    });
  } finally {
    fs.rmSync(ctx, { recursive: true, force: true });
  }
  // Older Node versions' stand-ins are of no further use.
  const listed = await podman(["images", "--format", "{{.Repository}}:{{.Tag}}", NODE_IMAGE_REPO], { timeoutMs: 60_000 });
  for (const old of listed.stdout.split("\n").map((l) => l.trim()).filter((l) => l && l !== ref)) {
    await podman(["rmi", old], { timeoutMs: 120_000 });
  }
  log(`node image: built in ${Math.round((Date.now() - started) / 1000)} s`);
  return ref;
}

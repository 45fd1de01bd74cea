/**
 * The production build that `npm run demo` (and the e2e suite) serves, made only when it is
 * missing or older than the sources. It is Next's standalone output (`output: "standalone"` in
 * next.config.js), run as `node .next/standalone/server.js` exactly as the container image runs
 * it; `next start` does not serve that output (it warns and points to server.js). "Older" is decided by content, not by file times: a
 * fingerprint of every file that goes into `next build` is written next to the build, and a
 * later start compares it. A checkout, a branch switch or `touch` that changes nothing does not
 * cost a rebuild; an edit of any page, component, library file or build setting does.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Folders whose files are compiled into the build (tests and fixtures excepted). */
const SOURCE_DIRS = ["app", "components", "lib", "public"];
/** Files at the root that change what `next build` makes. */
const ROOT_FILES = ["next.config.js", "proxy.ts", "instrumentation.ts", "instrumentation-client.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const SKIP = /(\.test\.tsx?|\.d\.ts)$|(^|\/)__fixtures__(\/|$)/;

export const FINGERPRINT_FILE = "ack-lambda-fleet-build.json";

function listFiles(root: string, dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) listFiles(root, rel, out);
    else if (e.isFile() && !SKIP.test(rel)) out.push(rel);
  }
}

/** The files a production build is made from, relative to `root`, sorted. */
export function buildInputs(root: string): string[] {
  const files: string[] = [];
  for (const d of SOURCE_DIRS) listFiles(root, d, files);
  for (const f of ROOT_FILES) if (fs.existsSync(path.join(root, f))) files.push(f);
  return files.sort();
}

/** A hash of the names and contents of the build's inputs. */
export function sourceFingerprint(root: string): string {
  const h = createHash("sha256");
  for (const rel of buildInputs(root)) {
    h.update(rel).update("\0");
    h.update(fs.readFileSync(path.join(root, rel))).update("\0");
  }
  return h.digest("hex");
}

/** The standalone server, relative to the build's root. */
export const STANDALONE_SERVER = path.join(".next", "standalone", "server.js");

/**
 * The standalone output leaves the browser assets (.next/static) and public/ out, for a CDN to
 * serve; without one the server serves them from beside server.js
 * (https://nextjs.org/docs/app/api-reference/config/next-config-js/output#automatically-copying-traced-files).
 * The Dockerfile copies them the same way.
 */
export function completeStandalone(root: string): void {
  const standalone = path.join(root, ".next", "standalone");
  const copies: Array<[string, string]> = [
    [path.join(root, ".next", "static"), path.join(standalone, ".next", "static")],
    [path.join(root, "public"), path.join(standalone, "public")],
  ];
  for (const [from, to] of copies) {
    fs.rmSync(to, { recursive: true, force: true });
    if (fs.existsSync(from)) fs.cpSync(from, to, { recursive: true });
  }
}

export type BuildState = { fresh: true } | { fresh: false; why: string };

/** Whether `distDir` holds a complete production build of the current sources. */
export function buildState(root: string, distDir = path.join(root, ".next")): BuildState {
  if (!fs.existsSync(path.join(distDir, "BUILD_ID"))) return { fresh: false, why: "no production build yet" };
  if (!fs.existsSync(path.join(distDir, "standalone", "server.js"))) return { fresh: false, why: "the production build has no standalone server" };
  let recorded: { fingerprint?: unknown } = {};
  try {
    recorded = JSON.parse(fs.readFileSync(path.join(distDir, FINGERPRINT_FILE), "utf8")) as { fingerprint?: unknown };
  } catch {
    return { fresh: false, why: "the production build was not made by this script (no fingerprint)" };
  }
  if (recorded.fingerprint !== sourceFingerprint(root)) return { fresh: false, why: "the sources changed since the last production build" };
  return { fresh: true };
}

export interface EnsureBuildOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  /** Build even when the last build is fresh. */
  force?: boolean;
  log?: (line: string) => void;
}

/**
 * Runs `next build` when the build is missing or stale, its own progress on the terminal.
 * The fingerprint is taken before the build starts, so an edit made during the build leaves it
 * marked stale and the next start builds again.
 */
export async function ensureProductionBuild(opts: EnsureBuildOptions): Promise<{ built: boolean; seconds: number }> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const state = buildState(opts.root);
  if (state.fresh && !opts.force) {
    log("Production build: up to date with the sources (no rebuild).");
    return { built: false, seconds: 0 };
  }
  const fingerprint = sourceFingerprint(opts.root);
  log(`Production build: ${opts.force ? "rebuild requested" : state.fresh ? "up to date" : state.why}; running next build (about 1-2 minutes on 2 cores)...`);
  const started = Date.now();
  const next = path.join(opts.root, "node_modules", ".bin", "next");
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(next, ["build"], { cwd: opts.root, env: opts.env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (c, signal) => resolve(signal ? 128 : c));
  });
  if (code !== 0) throw new Error(`next build failed (exit ${code}); the messages above say why`);
  completeStandalone(opts.root);
  fs.writeFileSync(
    path.join(opts.root, ".next", FINGERPRINT_FILE),
    JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }, null, 2),
  );
  const seconds = Math.round((Date.now() - started) / 1000);
  log(`Production build: done in ${seconds} s.`);
  return { built: true, seconds };
}

/**
 * A real PostgreSQL for tests: Debian's server binaries (`initdb`, `pg_ctl`), a fresh cluster in a
 * temporary folder listening on 127.0.0.1 at a free port (and a socket in that folder), stopped
 * when the test file ends. As root the server runs as the `postgres` user (PostgreSQL refuses to
 * run as root). Each test makes its own database (`createDatabase`) and drops it.
 *
 * No test framework here (the store benchmark uses it too): test/postgres.ts wraps it for tests.
 * ACK_FLEET_TEST_PG_BIN points to other binaries.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import type { ExternalTool } from "./external-tool";

const DEFAULT_BIN = "/usr/lib/postgresql/15/bin";

export function postgresBinDir(): string {
  return process.env.ACK_FLEET_TEST_PG_BIN || DEFAULT_BIN;
}

export function findPostgres(): ExternalTool {
  const initdb = path.join(postgresBinDir(), "initdb");
  const r = spawnSync(initdb, ["--version"], { encoding: "utf8", timeout: 20_000 });
  if (r.status === 0) return { path: postgresBinDir(), reason: "" };
  return { path: null, reason: `${initdb} is not runnable (${r.error?.message ?? `exit ${r.status}`}); apt-get install postgresql, or set ACK_FLEET_TEST_PG_BIN` };
}

export interface PostgresServer {
  readonly port: number;
  /** A superuser URL for `database` (default: postgres). */
  url(database?: string, user?: string, password?: string): string;
  /** A new empty database; `drop()` removes it (connections are ended first). */
  createDatabase(): Promise<TestDatabase>;
  /** Runs SQL as the superuser on `database`. */
  sql(text: string, database?: string): Promise<void>;
  stop(): void;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** Runs a server binary as `postgres` when we are root (PostgreSQL refuses root). */
function runAsOwner(bin: string, args: string[]): void {
  const file = path.join(postgresBinDir(), bin);
  if (isRoot()) execFileSync("runuser", ["-u", "postgres", "--", file, ...args], { stdio: "pipe", timeout: 60_000 });
  else execFileSync(file, args, { stdio: "pipe", timeout: 60_000 });
}

export interface StartOptions {
  /** Durable commits (fsync on): the benchmark's setting. Tests run faster without. */
  durable?: boolean;
}

/** Starts a new cluster; `stop()` stops it and removes its folder. */
export async function startPostgres(opts: StartOptions = {}): Promise<PostgresServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ack-fleet-pg-"));
  const data = path.join(dir, "data");
  if (isRoot()) execFileSync("chown", ["-R", "postgres:postgres", dir]);
  runAsOwner("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    const settings = [`-k ${dir}`, "-h 127.0.0.1", `-p ${port}`, "-c max_connections=200", "-c shared_buffers=64MB"];
    if (!opts.durable) settings.push("-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off");
    try {
      runAsOwner("pg_ctl", ["-D", data, "-o", settings.join(" "), "-l", path.join(dir, "log"), "-w", "-t", "30", "start"]);
      break;
    } catch (err) {
      // Another process took the port between our probe and the server's bind: try another.
      if (attempt >= 3) throw new Error(`PostgreSQL did not start: ${(err as Error).message}\n${fs.existsSync(path.join(dir, "log")) ? fs.readFileSync(path.join(dir, "log"), "utf8").slice(-2000) : ""}`);
    }
  }
  const url = (database = "postgres", user = "postgres", password?: string) =>
    `postgres://${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ""}@127.0.0.1:${port}/${database}`;
  const sql = async (text: string, database = "postgres") => {
    const c = new Client({ connectionString: url(database) });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  let stopped = false;
  return {
    port,
    url,
    sql,
    async createDatabase() {
      const name = `t_${randomBytes(6).toString("hex")}`;
      await sql(`CREATE DATABASE ${name}`);
      return { name, url: url(name), drop: () => sql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        runAsOwner("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}


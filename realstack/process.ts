/**
 * Child processes of the real stack: started detached in their own process group with output
 * to a log file, waited for until a readiness probe passes, and stopped (SIGTERM, then SIGKILL)
 * so that nothing is left running.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

export interface ManagedProcess {
  name: string;
  pid: number;
  logFile: string;
  /** Resolves when the process has exited (immediately if it already has). */
  exited: Promise<void>;
  hasExited(): boolean;
  stop(graceMs?: number): Promise<void>;
}

/**
 * `count` distinct free TCP ports on 127.0.0.1, chosen by the kernel. All listeners stay open
 * until every port is known, so the same port is never handed out twice.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      ports.push(
        await new Promise<number>((resolve, reject) => {
          server.on("error", reject);
          server.listen(0, "127.0.0.1", () => {
            const address = server.address();
            if (typeof address === "object" && address) resolve(address.port);
            else reject(new Error("no port assigned"));
          });
        }),
      );
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}

export async function freePort(): Promise<number> {
  return (await freePorts(1))[0];
}

export function startProcess(
  name: string,
  command: string,
  args: string[],
  opts: { logFile: string; env?: NodeJS.ProcessEnv; cwd?: string },
): ManagedProcess {
  const log = fs.openSync(opts.logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["ignore", log, log],
      // Own process group: stop() can signal the whole group (moto's reloader, etc.).
      detached: true,
    });
  } finally {
    fs.closeSync(log);
  }
  let done = false;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      done = true;
      resolve();
    });
    child.once("error", (err) => {
      fs.appendFileSync(opts.logFile, `\n[realstack] failed to start ${command}: ${err.message}\n`);
      done = true;
      resolve();
    });
  });
  const pid = child.pid ?? -1;

  const signal = (sig: NodeJS.Signals) => {
    if (done || pid <= 0) return;
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        child.kill(sig);
      } catch {
        /* already gone */
      }
    }
  };

  return {
    name,
    pid,
    logFile: opts.logFile,
    exited,
    hasExited: () => done,
    async stop(graceMs = 5_000) {
      if (done) return;
      signal("SIGTERM");
      const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), graceMs).unref());
      if ((await Promise.race([exited, timer])) === "timeout") {
        signal("SIGKILL");
        await exited;
      }
    },
  };
}

/** The last lines of a log file, for error messages when a process fails to start. */
export function logTail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * Polls `probe` until it returns true. Fails early, with the log's tail, if the process exits,
 * and after `timeoutMs`.
 */
export async function waitUntilReady(
  proc: ManagedProcess,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    if (proc.hasExited()) {
      throw new Error(`${proc.name} exited during start-up:\n${logTail(proc.logFile)}`);
    }
    try {
      if (await probe()) return;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `${proc.name} not ready after ${timeoutMs} ms${lastError ? ` (${lastError})` : ""}:\n${logTail(proc.logFile)}`,
  );
}

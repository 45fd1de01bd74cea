import "server-only";

/**
 * The log's lines on their way to stdout, written together once per turn of the event loop
 * (setImmediate) instead of one write(2) each. Node writes stdout synchronously when it is a
 * file or, on Linux, a pipe (the Node.js `process` documentation, "A note on process I/O"):
 * under 32 clients listing the fleet, a request line cost ~0.35 ms of the one event loop, mostly
 * its own write. Batched, a turn that answers many requests pays one write.
 *
 * Nothing is lost on the ways a process ends that it can act on: what is pending is written
 * synchronously on `exit` (process.exit(), the graceful shutdown's exit, a crash by an uncaught
 * exception: Node emits `exit` on each), an `error` line is written at once with whatever is
 * pending before it (the line before a crash is the one that matters), and more than
 * `MAX_PENDING_BYTES` pending are written at once (bounded memory). Lines keep their order.
 */
export const MAX_PENDING_BYTES = 64 * 1024;

export interface LogLines {
  /** Queues one line (without its newline); `now` writes it, and all before it, at once. */
  add(line: string, now?: boolean): void;
  /** Writes what is pending, synchronously. */
  flush(): void;
}

export function logLines(write: (chunk: string) => void, schedule: (run: () => void) => void = (run) => setImmediate(run).unref()): LogLines {
  let pending: string[] = [];
  let bytes = 0;
  let scheduled = false;
  const flush = () => {
    if (!pending.length) return;
    const chunk = `${pending.join("\n")}\n`;
    pending = [];
    bytes = 0;
    write(chunk);
  };
  return {
    add(line, now = false) {
      pending.push(line);
      bytes += line.length + 1;
      if (now || bytes > MAX_PENDING_BYTES) return flush();
      if (scheduled) return;
      scheduled = true;
      schedule(() => {
        scheduled = false;
        flush();
      });
    },
    flush,
  };
}

/**
 * The process's one batch of stdout lines, shared by every bundled copy of the log module (the
 * production build bundles instrumentation.ts apart from the route handlers) so that their
 * lines keep one order, flushed on `exit` once.
 */
const STDOUT_KEY = Symbol.for("ack-lambda-fleet.log-lines");
export function stdoutLines(): LogLines {
  const holder = globalThis as Record<symbol, LogLines | undefined>;
  let lines = holder[STDOUT_KEY];
  if (!lines) {
    lines = holder[STDOUT_KEY] = logLines((chunk) => process.stdout.write(chunk));
    process.on("exit", lines.flush);
  }
  return lines;
}

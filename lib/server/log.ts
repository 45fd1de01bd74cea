import "server-only";
import type { AuditEntry } from "@/lib/domain/wire/audit";
import { stdoutLines } from "./log-lines";
import { redact } from "./redact";

/**
 * The process's log on stdout: one JSON object per line (ACK_FLEET_LOG_FORMAT=json, the
 * default, for a log collector) or one human line (text, the demo's). Every message and string
 * field goes through redact(): no bearer token, password or secret reaches a line. boot.ts sets
 * the format from the parsed configuration; before that, and in tests, the environment decides.
 */
export type LogFormat = "json" | "text";
export type LogLevel = "info" | "warn" | "error";
export type LogFields = Record<string, string | number | boolean | null | undefined>;

interface LogSink {
  format: LogFormat;
  /** One line, without its newline; `urgent` for an error line (written at once). */
  write: (line: string, urgent: boolean) => void;
}

const sink: LogSink = {
  format: process.env.ACK_FLEET_LOG_FORMAT === "text" ? "text" : "json",
  write: (line, urgent) => stdoutLines().add(line, urgent),
};

/** Sets the format (boot) or the writer (tests); returns the previous settings. */
export function configureLog(next: Partial<LogSink>): LogSink {
  const before = { ...sink };
  Object.assign(sink, next);
  return before;
}

function clean(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = typeof v === "string" ? redact(v) : v;
  return out;
}

export function logEvent(level: LogLevel, msg: string, fields: LogFields = {}): void {
  const time = new Date().toISOString();
  const f = clean(fields);
  const urgent = level === "error";
  if (sink.format === "json") {
    sink.write(JSON.stringify({ time, level, msg: redact(msg), ...f }), urgent);
    return;
  }
  const pairs = Object.entries(f).map(([k, v]) => `${k}=${typeof v === "string" && /[\s"=]/.test(v) ? JSON.stringify(v) : String(v)}`);
  sink.write([time, level.toUpperCase(), redact(msg), ...pairs].join(" "), urgent);
}

/** The app's free-text lines ("[timeline] write failed ...") as log events. */
export function logLine(line: string): void {
  logEvent(/fail|error|cannot|not started/i.test(line) ? "warn" : "info", line);
}

/** Every audit entry also as a log line (who did what to which Function, and how it ended). */
export function logAudit(e: AuditEntry): void {
  logEvent(e.outcome === "failed" ? "warn" : "info", "audit", {
    requestId: e.requestId,
    phase: e.phase,
    user: e.actor.user,
    groups: e.actor.groups.join(","),
    action: e.action,
    cluster: e.cluster,
    namespace: e.namespace,
    name: e.name,
    outcome: e.outcome,
    status: e.status,
    reason: e.reason,
    error: e.error,
  });
}

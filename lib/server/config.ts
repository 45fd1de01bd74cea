import "server-only";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { parseDuration } from "./duration";

/**
 * The dashboard's configuration, from environment variables, parsed once (design.md
 * "Configuration"). Every variable is documented in the README; keep the two in step.
 */
const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const ms = parseDuration(v);
      if (ms === null || ms <= 0) {
        ctx.addIssue({ code: "custom", message: `not a duration: "${v}" (use e.g. 90s, 10m, 1h)` });
        return z.NEVER;
      }
      return ms;
    });

const positiveNumber = (fallback: number) => z.coerce.number().positive().default(fallback);

const list = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : []));

const EnvSchema = z.object({
  KUBECONFIG: z.string().optional(),
  ACK_FLEET_CONTEXTS: list,
  AWS_REGION: z.string().optional(),
  ACK_FLEET_AWS_ENDPOINT: z.string().url().optional(),
  ACK_FLEET_AWS_CREDENTIALS_FILE: z.string().optional(),
  ACK_FLEET_AWS_RPS: positiveNumber(10),
  ACK_FLEET_AWS_CONCURRENCY: z.coerce.number().int().positive().default(4),
  ACK_FLEET_AWS_REFRESH_HEALTHY: duration("5m"),
  ACK_FLEET_AWS_REFRESH_UNHEALTHY: duration("15s"),
  ACK_FLEET_PENDING_TIMEOUT: duration("10m"),
  ACK_FLEET_DELETION_TIMEOUT: duration("5m"),
  ACK_FLEET_STORE: z.string().default("sqlite:.data/history.db"),
  ACK_FLEET_RETENTION: duration("30d"),
  ACK_FLEET_AUTH_MODE: z.enum(["local", "proxy"]).default("local"),
  ACK_FLEET_TWO_PERSON: z
    .enum(["true", "false", "1", "0", ""])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  // Remediation (issue 5): proxy trust, approvals, abuse limits.
  ACK_FLEET_PROXY_SECRET: z.string().min(32, "must be at least 32 characters (e.g. openssl rand -base64 32)").optional(),
  ACK_FLEET_PROXY_SECRET_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, "must be an HTTP header name")
    .default("X-Ack-Fleet-Proxy-Secret"),
  ACK_FLEET_PROXY_USERNAME: z.enum(["user", "email"]).default("user"),
  ACK_FLEET_APPROVAL_TTL: duration("30m"),
  ACK_FLEET_WRITE_RATE_PER_MIN: z.coerce.number().int().positive().max(10_000).default(20),
  ACK_FLEET_ALLOWED_ORIGINS: list,
});

export type FleetConfig = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof EnvSchema>) {
  const kubeconfigPaths = (env.KUBECONFIG ?? path.join(os.homedir(), ".kube", "config"))
    .split(path.delimiter)
    .filter(Boolean);
  return {
    kubeconfigPaths,
    contexts: env.ACK_FLEET_CONTEXTS,
    aws: {
      defaultRegion: env.AWS_REGION ?? null,
      endpoint: env.ACK_FLEET_AWS_ENDPOINT ?? null,
      credentialsFile: env.ACK_FLEET_AWS_CREDENTIALS_FILE ?? null,
      requestsPerSecond: env.ACK_FLEET_AWS_RPS,
      concurrency: env.ACK_FLEET_AWS_CONCURRENCY,
      refreshHealthyMs: env.ACK_FLEET_AWS_REFRESH_HEALTHY,
      refreshUnhealthyMs: env.ACK_FLEET_AWS_REFRESH_UNHEALTHY,
    },
    diagnose: {
      pendingTimeoutMs: env.ACK_FLEET_PENDING_TIMEOUT,
      deletionTimeoutMs: env.ACK_FLEET_DELETION_TIMEOUT,
      awsStaleAfterMs: 30 * 60_000,
    },
    store: env.ACK_FLEET_STORE,
    retentionMs: env.ACK_FLEET_RETENTION,
    authMode: env.ACK_FLEET_AUTH_MODE,
    twoPersonRule: env.ACK_FLEET_TWO_PERSON,
    proxy: {
      secret: env.ACK_FLEET_PROXY_SECRET ?? null,
      secretHeader: env.ACK_FLEET_PROXY_SECRET_HEADER.toLowerCase(),
      username: env.ACK_FLEET_PROXY_USERNAME,
    },
    remediation: {
      approvalTtlMs: env.ACK_FLEET_APPROVAL_TTL,
      writesPerMinute: env.ACK_FLEET_WRITE_RATE_PER_MIN,
      allowedOrigins: env.ACK_FLEET_ALLOWED_ORIGINS,
    },
  };
}

/** Parses an environment; throws one readable error listing every bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv): FleetConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  // Proxy mode trusts identity headers only from requests that carry the shared secret.
  if (parsed.data.ACK_FLEET_AUTH_MODE === "proxy" && !parsed.data.ACK_FLEET_PROXY_SECRET) {
    throw new Error("Invalid configuration:\n  ACK_FLEET_PROXY_SECRET: required when ACK_FLEET_AUTH_MODE=proxy");
  }
  return toConfig(parsed.data);
}

let cached: FleetConfig | null = null;
export function getConfig(): FleetConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

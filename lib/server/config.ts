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
  };
}

/** Parses an environment; throws one readable error listing every bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv): FleetConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return toConfig(parsed.data);
}

let cached: FleetConfig | null = null;
export function getConfig(): FleetConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

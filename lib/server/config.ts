import "server-only";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { parseControllerVersion } from "@/lib/domain/controller-version";
import { parseDuration } from "@/lib/domain/duration";
import { NOTIFIED_VERDICTS } from "@/lib/domain/notify/transitions";

/**
 * The dashboard's configuration: environment variables, parsed once when the process starts
 * (lib/server/boot.ts; the request gate in proxy.ts reads the same parse through
 * lib/server/holder.ts). Every variable is documented in the README's configuration table:
 * keep the two in step. A bad value is a ConfigError naming the variable; the process then
 * stops (a Kubernetes Deployment crash-loops with that line in its log).
 */
const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const ms = parseDuration(v);
      if (ms === null || ms <= 0) {
        ctx.addIssue({ code: "custom", message: `not a duration: "${v.slice(0, 40)}" (use e.g. 90s, 10m, 1h)` });
        return z.NEVER;
      }
      return ms;
    });

const positiveNumber = (fallback: number) => z.coerce.number().positive().default(fallback);

const list = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : []));

const boolean = (fallback: "true" | "false") =>
  z
    .enum(["true", "false", "1", "0", ""], { message: "must be true or false" })
    .default(fallback)
    .transform((v) => v === "true" || v === "1");

/** e.g. us-east-1, us-gov-west-1, eu-central-2 (the regions the AWS SDK builds endpoints for). */
const AWS_REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** The dashboard's address as its users open it: its origin for the Origin check of writes, the URL (no trailing slash) for links in alerts. */
const publicUrl = z
  .url({ protocol: /^https?$/, message: "must be the http(s) URL operators open, e.g. https://fleet.example.com" })
  .optional()
  .transform((v) => (v ? v.replace(/\/+$/, "") : null));

/**
 * ACK_FLEET_WEBHOOKS: a JSON list of {url, format: "slack" | "json", verdicts?}. The URLs are
 * secrets (a Slack webhook's path is its credential): no message here ever repeats one.
 */
const WebhookSchema = z.object({
  url: z.url({ protocol: /^https?$/, message: "url must be an http(s) URL" }),
  format: z.enum(["slack", "json"], { message: 'format must be "slack" or "json"' }),
  verdicts: z
    .array(z.enum(NOTIFIED_VERDICTS, { message: `verdicts may name ${NOTIFIED_VERDICTS.join(", ")}` }))
    .min(1, "verdicts must name at least one verdict")
    .default([...NOTIFIED_VERDICTS]),
});
const webhooks = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v || !v.trim()) return [];
    let json: unknown;
    try {
      json = JSON.parse(v);
    } catch {
      ctx.addIssue({ code: "custom", message: 'must be a JSON list such as [{"url":"https://hooks.slack.com/services/…","format":"slack"}]' });
      return z.NEVER;
    }
    const parsed = z.array(WebhookSchema).max(10, "at most 10 webhooks").safeParse(json);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      ctx.addIssue({ code: "custom", message: `entry ${typeof i.path[0] === "number" ? i.path[0] + 1 : "?"}: ${i.message}` });
      return z.NEVER;
    }
    return parsed.data;
  });

const EnvSchema = z.object({
  KUBECONFIG: z.string().optional(),
  // Set by Kubernetes in every pod (the in-cluster configuration; client-go's rest.InClusterConfig).
  KUBERNETES_SERVICE_HOST: z.string().optional(),
  KUBERNETES_SERVICE_PORT: z.string().regex(/^\d{1,5}$/, "must be a port number").optional(),
  ACK_FLEET_IN_CLUSTER_NAME: z.string().regex(/^[^\s/]{1,63}$/, "must be a name of at most 63 characters without spaces or /").optional(),
  ACK_FLEET_CONTROLLER_NAMESPACES: list,
  ACK_FLEET_READY_TIMEOUT: duration("60s"),
  ACK_FLEET_LOG_FORMAT: z.enum(["json", "text"]).default("json"),
  ACK_FLEET_LIST_FAST_LANE: z.enum(["on", "off"]).default("on"),
  ACK_FLEET_PUBLIC_URL: publicUrl,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  ACK_FLEET_CONTEXTS: list,
  AWS_REGION: z.string().regex(AWS_REGION_PATTERN, "must be an AWS region such as eu-west-1").optional(),
  ACK_FLEET_AWS_ENDPOINT: z.url().optional(),
  ACK_FLEET_AWS_CREDENTIALS_FILE: z.string().optional(),
  ACK_FLEET_AWS_ROLES: z.string().optional(),
  ACK_FLEET_STS_ENDPOINT: z.url().optional(),
  ACK_FLEET_AWS_RPS: positiveNumber(10),
  ACK_FLEET_AWS_CONCURRENCY: z.coerce.number().int().positive().default(4),
  ACK_FLEET_AWS_LIST_RPS: z.coerce.number().min(0).default(5),
  ACK_FLEET_AWS_LIST_EVERY: duration("1m"),
  ACK_FLEET_AWS_REFRESH_HEALTHY: duration("5m"),
  ACK_FLEET_AWS_REFRESH_UNHEALTHY: duration("15s"),
  ACK_FLEET_PENDING_TIMEOUT: duration("10m"),
  ACK_FLEET_DELETION_TIMEOUT: duration("5m"),
  ACK_FLEET_STORE: z.string().default("sqlite:.data/history.db"),
  ACK_FLEET_STORE_OWNER: z.string().regex(/^postgres(ql)?:\/\//i, "must be a postgres:// URL").optional(),
  ACK_FLEET_RETENTION: duration("30d"),
  ACK_FLEET_AUTH_MODE: z.enum(["local", "proxy"]).default("local"),
  ACK_FLEET_TWO_PERSON: boolean("false"),
  ACK_FLEET_PROXY_SECRET: z.string().min(32, "must be at least 32 characters (e.g. openssl rand -base64 32)").optional(),
  ACK_FLEET_PROXY_SECRET_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, "must be an HTTP header name")
    .default("X-Ack-Fleet-Proxy-Secret"),
  ACK_FLEET_PROXY_USERNAME: z.enum(["user", "email"]).default("user"),
  ACK_FLEET_APPROVAL_TTL: duration("30m"),
  ACK_FLEET_WRITE_RATE_PER_MIN: z.coerce.number().int().positive().max(10_000).default(20),
  ACK_FLEET_ALLOWED_ORIGINS: list,
  ACK_FLEET_MIN_CONTROLLER_VERSION: z
    .string()
    .optional()
    .refine((v) => v === undefined || parseControllerVersion(v) !== null, "must be a lambda-controller version such as 1.7.4")
    .transform((v) => (v ? v.replace(/^v/, "") : null)),
  ACK_FLEET_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters (e.g. openssl rand -hex 24)").optional(),
  ACK_FLEET_BATCH_MAX: z.coerce.number().int().min(1).max(500, "must be at most 500").default(100),
  ACK_FLEET_BATCH_CONCURRENCY: z.coerce.number().int().min(1).max(16, "must be at most 16").default(2),
  ACK_FLEET_BATCH_RATE: z.coerce.number().positive().max(50, "must be at most 50 items per second").default(3),
  ACK_FLEET_WEBHOOKS: webhooks,
  ACK_FLEET_NOTIFY_WINDOW: duration("5s"),
});

export type ServerConfig = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof EnvSchema>) {
  const kubeconfigPaths = (env.KUBECONFIG ?? path.join(os.homedir(), ".kube", "config"))
    .split(path.delimiter)
    .filter(Boolean);
  const publicOrigin = env.ACK_FLEET_PUBLIC_URL ? new URL(env.ACK_FLEET_PUBLIC_URL).origin : null;
  return {
    /** KUBECONFIG as given (null: not set; then ~/.kube/config, or the in-cluster configuration). */
    kubeconfigSet: env.KUBECONFIG !== undefined && env.KUBECONFIG !== "",
    kubeconfigPaths,
    contexts: env.ACK_FLEET_CONTEXTS,
    inCluster: {
      /** The home cluster's name: set, it is reached with the pod's ServiceAccount besides any kubeconfig. */
      name: env.ACK_FLEET_IN_CLUSTER_NAME ?? null,
      host: env.KUBERNETES_SERVICE_HOST ?? null,
      port: env.KUBERNETES_SERVICE_PORT ?? null,
    },
    /** Where the ACK controller's Deployment is looked for; empty: every namespace. */
    controllerNamespaces: env.ACK_FLEET_CONTROLLER_NAMESPACES,
    readyTimeoutMs: env.ACK_FLEET_READY_TIMEOUT,
    logFormat: env.ACK_FLEET_LOG_FORMAT,
    /** Full list reads answered in front of Next.js's request handler (lib/server/http/list-fast-lane.ts). */
    listFastLane: env.ACK_FLEET_LIST_FAST_LANE === "on",
    /** The dashboard's address as its users open it (links in alerts and notifications), no trailing slash. */
    publicUrl: env.ACK_FLEET_PUBLIC_URL ?? null,
    listen: { port: env.PORT },
    aws: {
      /** Region of last resort: a Function whose region neither its status, its annotation nor its namespace names. */
      defaultRegion: env.AWS_REGION ?? null,
      endpoint: env.ACK_FLEET_AWS_ENDPOINT ?? null,
      credentialsFile: env.ACK_FLEET_AWS_CREDENTIALS_FILE ?? null,
      /** ACK_FLEET_AWS_ROLES, unparsed: lib/server/aws/account-credentials.ts reads it with the file. */
      roles: env.ACK_FLEET_AWS_ROLES ?? null,
      stsEndpoint: env.ACK_FLEET_STS_ENDPOINT ?? null,
      requestsPerSecond: env.ACK_FLEET_AWS_RPS,
      concurrency: env.ACK_FLEET_AWS_CONCURRENCY,
      refreshHealthyMs: env.ACK_FLEET_AWS_REFRESH_HEALTHY,
      refreshUnhealthyMs: env.ACK_FLEET_AWS_REFRESH_UNHEALTHY,
      /** ListFunctions pages per account and region in any second (0: GetFunction alone); lib/server/aws/list-sweep.ts. */
      listRequestsPerSecond: env.ACK_FLEET_AWS_LIST_RPS,
      listEveryMs: env.ACK_FLEET_AWS_LIST_EVERY,
    },
    diagnose: {
      pendingTimeoutMs: env.ACK_FLEET_PENDING_TIMEOUT,
      deletionTimeoutMs: env.ACK_FLEET_DELETION_TIMEOUT,
      awsStaleAfterMs: 30 * 60_000,
    },
    store: env.ACK_FLEET_STORE,
    /** The PostgreSQL role that owns the schema and migrates it (the dashboard's role then cannot alter the audit log's triggers). */
    storeOwner: env.ACK_FLEET_STORE_OWNER ?? null,
    retentionMs: env.ACK_FLEET_RETENTION,
    authMode: env.ACK_FLEET_AUTH_MODE,
    twoPersonRule: env.ACK_FLEET_TWO_PERSON,
    proxy: {
      secret: env.ACK_FLEET_PROXY_SECRET ?? null,
      secretHeader: env.ACK_FLEET_PROXY_SECRET_HEADER.toLowerCase(),
      username: env.ACK_FLEET_PROXY_USERNAME,
    },
    /** Controllers older than this are marked on the controller page (null: no minimum). */
    minControllerVersion: env.ACK_FLEET_MIN_CONTROLLER_VERSION,
    metrics: {
      /** Bearer token GET /metrics asks for; with one, proxy mode lets scrapers past the proxy gate. */
      token: env.ACK_FLEET_METRICS_TOKEN ?? null,
    },
    /** Webhook notifications (lib/server/notify/): where, and how long a burst is collected into one message. */
    notify: { webhooks: env.ACK_FLEET_WEBHOOKS, windowMs: env.ACK_FLEET_NOTIFY_WINDOW },
    remediation: {
      approvalTtlMs: env.ACK_FLEET_APPROVAL_TTL,
      writesPerMinute: env.ACK_FLEET_WRITE_RATE_PER_MIN,
      allowedOrigins: publicOrigin && !env.ACK_FLEET_ALLOWED_ORIGINS.includes(publicOrigin) ? [...env.ACK_FLEET_ALLOWED_ORIGINS, publicOrigin] : env.ACK_FLEET_ALLOWED_ORIGINS,
      /** Batch remediation: Functions per batch, items in flight per batch, items started per second per cluster (or AWS account and region). */
      batch: { maxItems: env.ACK_FLEET_BATCH_MAX, concurrency: env.ACK_FLEET_BATCH_CONCURRENCY, itemsPerSecond: env.ACK_FLEET_BATCH_RATE },
    },
  };
}

/** A variable with a value the dashboard cannot run with; `message` is one line naming each. */
export class ConfigError extends Error {
  constructor(readonly problems: Array<{ variable: string; message: string }>) {
    super(`invalid configuration: ${problems.map((p) => `${p.variable}: ${p.message}`).join("; ")}`);
    this.name = "ConfigError";
  }
}

/**
 * Parses an environment (process.env at start; a plain record in tests). Throws one
 * ConfigError listing every bad variable. Values are never echoed beyond a short prefix:
 * a secret may sit in the wrong variable.
 */
export function parseConfig(env: Record<string, string | undefined>): ServerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? "environment"), message: i.message })));
  }
  // Proxy mode trusts identity headers only from requests that carry the shared secret.
  if (parsed.data.ACK_FLEET_AUTH_MODE === "proxy" && !parsed.data.ACK_FLEET_PROXY_SECRET) {
    throw new ConfigError([{ variable: "ACK_FLEET_PROXY_SECRET", message: "required when ACK_FLEET_AUTH_MODE=proxy" }]);
  }
  return toConfig(parsed.data);
}

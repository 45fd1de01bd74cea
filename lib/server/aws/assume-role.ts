import "server-only";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { z } from "zod";

/**
 * Per AWS account, an IAM role the dashboard assumes from its own identity (the pod's: IRSA or
 * EKS Pod Identity through the SDK's default chain) to read that account's Lambda functions:
 * ACK_FLEET_AWS_ROLES, JSON `{ "<accountId>": { "roleArn": "...", "externalId"?: "..." } }`.
 * The temporary credentials are kept and renewed `refreshBeforeMs` before they expire, so a
 * read never waits on an expired session; concurrent callers share one AssumeRole.
 */
const RolesSchema = z.record(
  z.string(),
  z.strictObject({ roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, "must be an IAM role ARN"), externalId: z.string().min(2).max(1224).optional() }),
);
export type AccountRoles = z.infer<typeof RolesSchema>;

export function parseAccountRoles(value: string | null): AccountRoles {
  if (!value) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    throw new Error('ACK_FLEET_AWS_ROLES must be JSON: { "<accountId>": { "roleArn": "arn:aws:iam::<accountId>:role/<name>", "externalId"?: "..." } }');
  }
  const badKeys = raw && typeof raw === "object" ? Object.keys(raw).filter((k) => !/^\d{12}$/.test(k)) : [];
  if (badKeys.length) throw new Error(`ACK_FLEET_AWS_ROLES: ${badKeys.map((k) => `"${k.slice(0, 20)}"`).join(", ")} must be a 12-digit AWS account ID`);
  const parsed = RolesSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`ACK_FLEET_AWS_ROLES: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export interface AssumeRoleOptions {
  role: AccountRoles[string];
  region: string;
  stsEndpoint: string | null;
  /** The identity that assumes the role; default: the SDK's default chain. */
  sts?: Pick<STSClient, "send">;
  refreshBeforeMs?: number;
  now?: () => number;
}

export function assumedRoleCredentials(opts: AssumeRoleOptions): () => Promise<TemporaryCredentials> {
  const sts = opts.sts ?? new STSClient({ region: opts.region, endpoint: opts.stsEndpoint ?? undefined });
  const now = opts.now ?? Date.now;
  let current: TemporaryCredentials | null = null;
  let pending: Promise<TemporaryCredentials> | null = null;
  const assume = async (): Promise<TemporaryCredentials> => {
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: opts.role.roleArn, RoleSessionName: "ack-lambda-fleet", DurationSeconds: 3600, ...(opts.role.externalId ? { ExternalId: opts.role.externalId } : {}) }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) throw new Error(`AssumeRole ${opts.role.roleArn} returned no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  };
  return async () => {
    if (current && current.expiration.getTime() - now() > (opts.refreshBeforeMs ?? 5 * 60_000)) return current;
    pending ??= assume().finally(() => (pending = null));
    current = await pending;
    return current;
  };
}

/** GET /api/healthz: liveness, and each cluster's connection and AWS account's readability (for probes and dashboards). Pure. */
import { z } from "zod";

export const HealthzSchema = z.object({
  status: z.literal("ok"),
  roles: z.object({ recordTimeline: z.boolean(), readAws: z.boolean() }),
  clusters: z.array(z.object({ name: z.string(), connected: z.boolean(), lastSyncAt: z.string().nullable(), functionCount: z.number().int(), missingPermissions: z.array(z.string()) })),
  awsAccounts: z.array(z.object({ accountId: z.string(), region: z.string(), ok: z.boolean() })),
});
export type Healthz = z.infer<typeof HealthzSchema>;

/** GET /api/me[?function=cluster/namespace/name]: who you are, and what you may do to one Function. Pure. */
import { z } from "zod";
import { RemediationActionSchema } from "../remediation/actions";

const PermissionSchema = z.object({ allowed: z.boolean(), reason: z.string() });

export const MeSchema = z.object({
  mode: z.enum(["local", "proxy"]),
  twoPersonRule: z.boolean(),
  approvalTtlMs: z.number(),
  identity: z.object({ user: z.string(), groups: z.array(z.string()), email: z.string().nullable() }),
  function: z
    .object({
      id: z.string(),
      /** Per Kubernetes verb (patch, delete). */
      permissions: z.record(z.string(), PermissionSchema),
      actions: z.record(RemediationActionSchema, PermissionSchema),
    })
    .optional(),
});
export type Me = z.infer<typeof MeSchema>;

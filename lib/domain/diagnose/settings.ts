/** Thresholds the verdict rules use, from the configuration (ACK_FLEET_PENDING_TIMEOUT, ACK_FLEET_DELETION_TIMEOUT). */
import { z } from "zod";

export const DiagnoseSettingsSchema = z.object({
  pendingTimeoutMs: z.number().int().positive(),
  deletionTimeoutMs: z.number().int().positive(),
  /** AWS observations older than this are treated as unknown. */
  awsStaleAfterMs: z.number().int().positive(),
});
export type DiagnoseSettings = z.infer<typeof DiagnoseSettingsSchema>;

export const DEFAULT_DIAGNOSE_SETTINGS: DiagnoseSettings = {
  pendingTimeoutMs: 10 * 60_000,
  deletionTimeoutMs: 5 * 60_000,
  awsStaleAfterMs: 30 * 60_000,
};

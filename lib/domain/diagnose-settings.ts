/** Thresholds the verdict rules use, from the configuration (ACK_FLEET_PENDING_TIMEOUT, ACK_FLEET_DELETION_TIMEOUT). */
export interface DiagnoseSettings {
  pendingTimeoutMs: number;
  deletionTimeoutMs: number;
  /** AWS observations older than this are treated as unknown. */
  awsStaleAfterMs: number;
}

export const DEFAULT_DIAGNOSE_SETTINGS: DiagnoseSettings = {
  pendingTimeoutMs: 10 * 60_000,
  deletionTimeoutMs: 5 * 60_000,
  awsStaleAfterMs: 30 * 60_000,
};

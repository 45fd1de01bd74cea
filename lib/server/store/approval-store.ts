import "server-only";

/**
 * Requests waiting for a second operator (two-person rule: remediation guard 6,
 * docs/architecture.md), kept in the store so that a request made on one replica can be
 * approved on another and survives a restart. The store enforces expiry: a request past
 * `expiresAt` (compared with the `now` the caller passes) is never found as pending and can
 * never be taken. `take` and `expire` are atomic: of several replicas racing for the same
 * request, exactly one gets it (one approval executes; one replica audits the expiry).
 * The payload is the remediation's own JSON (lib/server/remediation/approvals.ts types it).
 */
export interface StoredApproval {
  id: string;
  requestId: string;
  createdAt: number;
  expiresAt: number;
  payload: unknown;
}

export type ApprovalLookup = { state: "pending"; approval: StoredApproval } | { state: "expired" } | { state: "used" } | null;

export interface ApprovalStore {
  /** Adds it unless `maxPending` requests are pending already: false then. */
  add(approval: StoredApproval, maxPending: number): Promise<boolean>;
  /** The request if pending at `now`; else whether it expired or was used; null when unknown. */
  find(id: string, now: number): Promise<ApprovalLookup>;
  /** Marks it used and returns it if it is still pending at `now`; null otherwise. */
  take(id: string, now: number): Promise<StoredApproval | null>;
  /** Marks every request past its expiry as expired and returns them, each to one caller only. */
  expire(now: number): Promise<StoredApproval[]>;
  /** The requests pending at `now`, oldest first. */
  listPending(now: number): Promise<StoredApproval[]>;
}

/** Ended requests (used or expired) are kept this long, to answer 410 rather than 404. */
export const KEEP_ENDED_APPROVALS_MS = 24 * 3_600_000;

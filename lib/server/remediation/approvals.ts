import "server-only";
import { randomUUID } from "node:crypto";
import type { Identity } from "../auth/identity";
import type { ApprovalStore, StoredApproval } from "../store/approval-store";
import type { RemediationBody } from "./body";
import type { FunctionRef } from "@/lib/domain/function-ref";

/**
 * Requests waiting for a second operator (two-person rule: remediation guard 6,
 * docs/architecture.md), kept in the store (lib/server/store/approval-store.ts): a request made
 * on one replica is approved on another, survives a restart, and expires by the store's rule.
 * Expired requests are handed back once by sweep() so they get audited (by one replica).
 */
export interface PendingRemediation {
  id: string;
  requestId: string;
  requester: Identity;
  target: FunctionRef;
  body: RemediationBody;
  uid: string | null;
  warnings: string[];
  createdAt: number;
  expiresAt: number;
}

type Payload = Pick<PendingRemediation, "requester" | "target" | "body" | "uid" | "warnings">;

const MAX_PENDING = 500;

export type PendingLookup = { state: "pending"; pending: PendingRemediation } | { state: "expired" } | { state: "used" } | null;

function fromStored(s: StoredApproval): PendingRemediation {
  const p = s.payload as Payload;
  return { ...p, id: s.id, requestId: s.requestId, createdAt: s.createdAt, expiresAt: s.expiresAt };
}

export class Approvals {
  constructor(
    private readonly store: ApprovalStore,
    private readonly ttlMs: number,
  ) {}

  /** Null when too many requests are waiting already. */
  async add(entry: Omit<PendingRemediation, "id" | "expiresAt">): Promise<PendingRemediation | null> {
    const { requestId, createdAt, requester, target, body, uid, warnings } = entry;
    const payload: Payload = { requester, target, body, uid, warnings };
    const stored: StoredApproval = { id: randomUUID(), requestId, createdAt, expiresAt: createdAt + this.ttlMs, payload };
    return (await this.store.add(stored, MAX_PENDING)) ? fromStored(stored) : null;
  }

  async find(id: string, now: number): Promise<PendingLookup> {
    const found = await this.store.find(id, now);
    if (!found) return null;
    return found.state === "pending" ? { state: "pending", pending: fromStored(found.approval) } : found;
  }

  /** Marks it used and returns it: an approval is used once, by one replica. */
  async take(id: string, now: number): Promise<PendingRemediation | null> {
    const s = await this.store.take(id, now);
    return s ? fromStored(s) : null;
  }

  /** Every request past its TTL, now expired (to be audited as such), each returned to one caller only. */
  async sweep(now: number): Promise<PendingRemediation[]> {
    return (await this.store.expire(now)).map(fromStored);
  }

  async list(now: number): Promise<PendingRemediation[]> {
    return (await this.store.listPending(now)).map(fromStored);
  }
}

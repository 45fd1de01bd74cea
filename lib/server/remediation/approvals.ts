import "server-only";
import { randomUUID } from "node:crypto";
import type { Identity } from "../auth/identity";
import type { RemediationBody } from "./body";
import type { FunctionRef } from "@/lib/domain/function-ref";

/**
 * Requests waiting for a second operator (two-person rule: remediation guard 6, docs/architecture.md). Kept in
 * memory: a restart drops them (they are in the audit log as approval-requested, and the
 * operator asks again). Expired requests are handed back once by sweep() so they get audited.
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

const MAX_PENDING = 500;
const REMEMBER_EXPIRED = 1000;

export class ApprovalStore {
  private readonly pending = new Map<string, PendingRemediation>();
  private readonly expiredIds: string[] = [];

  constructor(private readonly ttlMs: number) {}

  get size(): number {
    return this.pending.size;
  }

  add(entry: Omit<PendingRemediation, "id" | "expiresAt">): PendingRemediation | null {
    if (this.pending.size >= MAX_PENDING) return null;
    const p: PendingRemediation = { ...entry, id: randomUUID(), expiresAt: entry.createdAt + this.ttlMs };
    this.pending.set(p.id, p);
    return p;
  }

  get(id: string): PendingRemediation | null {
    return this.pending.get(id) ?? null;
  }

  /** Removes and returns it: an approval is used once. */
  take(id: string): PendingRemediation | null {
    const p = this.pending.get(id) ?? null;
    this.pending.delete(id);
    return p;
  }

  wasExpired(id: string): boolean {
    return this.expiredIds.includes(id);
  }

  /** Removes every request past its TTL and returns them (to be audited as expired). */
  sweep(now: number): PendingRemediation[] {
    const out: PendingRemediation[] = [];
    for (const p of this.pending.values()) {
      if (p.expiresAt <= now) {
        out.push(p);
        this.pending.delete(p.id);
        this.expiredIds.push(p.id);
      }
    }
    if (this.expiredIds.length > REMEMBER_EXPIRED) this.expiredIds.splice(0, this.expiredIds.length - REMEMBER_EXPIRED);
    return out;
  }

  list(): PendingRemediation[] {
    return [...this.pending.values()].sort((a, b) => a.createdAt - b.createdAt);
  }
}

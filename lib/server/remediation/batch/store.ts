import "server-only";
import { isBatchOver } from "@/lib/domain/remediation/batch";
import type { Batch } from "./model";

/**
 * Where batches are kept: in memory, in the process that runs them (a batch is driven by the
 * process that accepted it; a restart ends it, leaving the items not started unrun and its
 * audit trail without a batch outcome). Bounded: finished batches beyond KEEP_FINISHED are
 * forgotten oldest first; at most MAX_ACTIVE run or wait at once.
 */
export interface BatchStore {
  get(id: string): Batch | null;
  add(batch: Batch): boolean;
  list(): Batch[];
}

const KEEP_FINISHED = 200;
export const MAX_ACTIVE = 20;

export class MemoryBatchStore implements BatchStore {
  private readonly batches = new Map<string, Batch>();

  get(id: string): Batch | null {
    return this.batches.get(id) ?? null;
  }

  /** False when MAX_ACTIVE batches are already previewing, running or waiting for approval. */
  add(batch: Batch): boolean {
    const all = [...this.batches.values()];
    if (all.filter((b) => !isBatchOver(b.status)).length >= MAX_ACTIVE) return false;
    this.batches.set(batch.id, batch);
    const finished = all.filter((b) => isBatchOver(b.status));
    for (const old of finished.slice(0, Math.max(0, finished.length + 1 - KEEP_FINISHED))) this.batches.delete(old.id);
    return true;
  }

  /** Newest first. */
  list(): Batch[] {
    return [...this.batches.values()].sort((a, b) => b.createdAt - a.createdAt);
  }
}

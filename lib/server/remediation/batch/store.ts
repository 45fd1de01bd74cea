import "server-only";
import { BATCH_STATUSES, isBatchOver, type BatchStatus } from "@/lib/domain/remediation/batch";
import type { SqlBatchRecords, StoredBatch } from "../../store/sql-batches";
import type { Batch } from "./model";

/**
 * Where batches are kept: in the store (lib/server/store/sql-batches.ts), so a batch previewed
 * on one replica is run, approved, stopped and followed from any other. The process that drives
 * a batch (its runner) writes it after every item; a stop is a column of its own that the runner
 * reads before each item. Bounded: finished batches beyond KEEP_FINISHED are forgotten oldest
 * first; at most MAX_ACTIVE run or wait at once.
 */
const KEEP_FINISHED = 200;
export const MAX_ACTIVE = 20;
export const ACTIVE_STATUSES: readonly BatchStatus[] = BATCH_STATUSES.filter((s) => !isBatchOver(s));

export class BatchStore {
  constructor(
    private readonly records: SqlBatchRecords,
    private readonly now: () => number,
  ) {}

  async get(id: string): Promise<Batch | null> {
    const r = await this.records.get(id);
    return r ? batchOf(r) : null;
  }

  /** False when MAX_ACTIVE batches are already previewing, running or waiting for approval. */
  add(batch: Batch, runner: string | null): Promise<boolean> {
    return this.records.insert({ id: batch.id, kind: batch.kind, status: batch.status, createdAt: batch.createdAt, body: JSON.stringify(batch), runner }, ACTIVE_STATUSES, MAX_ACTIVE, KEEP_FINISHED);
  }

  /** Newest first. */
  async list(): Promise<Batch[]> {
    return (await this.records.list(KEEP_FINISHED + MAX_ACTIVE)).map(batchOf);
  }

  /** Writes the batch; with `from`, only while its stored status is one of those (false: another replica moved it first). */
  save(batch: Batch, opts: { from?: readonly BatchStatus[]; runner?: string | null } = {}): Promise<boolean> {
    return this.records.update(batch.id, { status: batch.status, body: JSON.stringify(batch), updatedAt: this.now(), runner: opts.runner }, opts.from);
  }

  requestStop(id: string, user: string): Promise<boolean> {
    return this.records.requestStop(id, user);
  }

  claimPreview(previewId: string, runId: string): Promise<boolean> {
    return this.records.claim(previewId, runId);
  }

  /** Running batches not written for `staleMs`: their runner is gone. */
  async orphans(staleMs: number): Promise<Batch[]> {
    return (await this.records.stale(["previewing", "running", "stopping"], this.now() - staleMs, 50)).map(batchOf);
  }
}

function batchOf(r: StoredBatch): Batch {
  const b = JSON.parse(r.body) as Batch;
  b.status = r.status as BatchStatus;
  if (r.stopRequestedBy) {
    b.stopRequested = true;
    b.stoppedBy ??= r.stopRequestedBy;
  }
  b.usedBy = r.usedBy ?? b.usedBy;
  return b;
}

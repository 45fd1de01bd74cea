/**
 * A batch whose runner died (its replica killed mid-run): the store holds it `running`, written
 * long ago. The sweep of whoever records closes it once: `stopped`, nothing run again, the
 * item that was running pointed at its request in the audit log, one batch outcome audited.
 * On a real SQLite store; the remediation service is a plain fake (nothing may run).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { openStores, type Stores } from "../../store/open";
import type { RemediationService } from "../service";
import type { Batch, BatchItem } from "./model";
import { BatchService, ORPHANED_AFTER_MS } from "./service";
import { BatchStore } from "./store";

const T0 = Date.parse("2025-06-01T10:00:00Z");
let stores: Stores | null = null;
let dir = "";
afterEach(async () => {
  await stores?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const alice = { user: "alice", groups: ["ops"], email: null, mode: "proxy" as const };
const item = (name: string, status: BatchItem["status"]): BatchItem => ({
  target: { cluster: "c1", namespace: "ns", name }, aws: null, status, message: null, httpStatus: null,
  expectedResourceVersion: "7", expectedRevisionId: null, warnings: [], startedAt: null, finishedAt: null,
});

it("closes a batch whose runner stopped writing, once, and runs nothing again", async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "orphans-"));
  stores = openStores(`sqlite:${path.join(dir, "h.db")}`);
  await stores.ready();
  let now = T0;
  let ran = 0;
  const remediation = { world: { now: () => now }, audit: stores.audit, runItem: async () => void ran++, rateLimit: async () => {} } as unknown as RemediationService;
  const store = new BatchStore(stores.batches, () => now);
  const service = new BatchService(remediation, { maxItems: 10, concurrency: 1, itemsPerSecond: 5, twoPersonRule: false, approvalTtlMs: 60_000, previewTtlMs: 60_000 }, { store, runner: "survivor" });
  const batch: Batch = {
    id: "0b7c3c1e-6f1a-4b1e-9a51-2b8e1f9d0c11", kind: "run", previewId: null, action: "request-deletion", status: "running",
    requesters: { c1: alice }, requester: alice, reason: "retire", confirmation: { count: 3, clusters: ["c1"] },
    items: [item("done", "succeeded"), item("in-flight", "running"), item("later", "queued")],
    createdAt: T0, startedAt: T0, finishedAt: null, expiresAt: null, approvers: null, stoppedBy: null, stopRequested: false, usedBy: null,
  };
  expect(await store.add(batch, "killed-replica")).toBe(true);
  now = T0 + ORPHANED_AFTER_MS / 2;
  expect(await service.reconcileOrphans()).toBe(0);
  now = T0 + ORPHANED_AFTER_MS + 1;
  expect(await service.reconcileOrphans()).toBe(1);
  expect(await service.reconcileOrphans()).toBe(0);
  const closed = await service.get(batch.id, alice);
  expect(closed.status).toBe("stopped");
  expect(closed.items.map((i) => i.status)).toEqual(["succeeded", "not-run", "not-run"]);
  expect(closed.items[1].message).toContain(`${batch.id}/1`);
  expect(ran).toBe(0);
  await new Promise((r) => setTimeout(r, 50));
  const outcomes = (await stores.audit.list({ limit: 100 })).filter((e) => e.requestId === batch.id && e.phase === "outcome");
  expect(outcomes).toHaveLength(1);
  expect(outcomes[0].error).toContain("1 succeeded");
});

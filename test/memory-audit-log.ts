import { randomUUID } from "node:crypto";
import type { AuditEntry, AuditFilter, AuditLog } from "@/lib/server/store/audit";

/** An AuditLog in memory, newest first like the SQLite one: for unit tests of the remediation service. */
export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];

  append(input: Omit<AuditEntry, "id" | "at"> & { at?: string }): AuditEntry {
    const entry: AuditEntry = { ...input, id: randomUUID(), at: input.at ?? new Date().toISOString() };
    this.entries.push(entry);
    return entry;
  }

  list(f: AuditFilter): AuditEntry[] {
    return this.entries
      .filter((e) => (!f.cluster || e.cluster === f.cluster) && (!f.namespace || e.namespace === f.namespace) && (!f.name || e.name === f.name))
      .filter((e) => (!f.user || e.actor.user === f.user) && (!f.action || e.action === f.action) && (f.outcome === undefined || e.outcome === f.outcome))
      .slice()
      .reverse()
      .slice(0, f.limit ?? 1000);
  }
}

import { randomUUID } from "node:crypto";
import type { AuditEntry, AuditFilter, AuditLog, NewAuditEntry } from "@/lib/server/store/audit";

/** An AuditLog in memory, newest first like the stores' one: for unit tests of the remediation service. */
export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];

  async append(input: NewAuditEntry): Promise<AuditEntry> {
    const entry: AuditEntry = { ...input, id: randomUUID(), at: input.at ?? new Date().toISOString() };
    this.entries.push(entry);
    return entry;
  }

  async list(f: AuditFilter): Promise<AuditEntry[]> {
    return this.entries
      .filter((e) => (!f.cluster || e.cluster === f.cluster) && (!f.namespace || e.namespace === f.namespace) && (!f.name || e.name === f.name))
      .filter((e) => (!f.user || e.actor.user === f.user) && (!f.action || e.action === f.action) && (f.outcome === undefined || e.outcome === f.outcome))
      .slice()
      .reverse()
      .slice(0, f.limit ?? 1000);
  }
}

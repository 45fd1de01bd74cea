/**
 * What only the PostgreSQL store has, on a real PostgreSQL (test/postgres.ts): migrations that
 * replicas starting together run once (advisory lock), and the split between the role that owns
 * the schema (ACK_FLEET_STORE_OWNER) and the dashboard's role, which can read and append the
 * audit log but can neither edit it nor drop or disable its triggers.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { expect, it } from "vitest";
import { describeWithPostgres } from "@/test/postgres";
import { openStores } from "../open";
import { PG_MIGRATIONS } from "./migrations";

const audit = {
  requestId: "req-1",
  phase: "attempt" as const,
  actor: { user: "alice", groups: ["operators"] },
  cluster: "c1",
  namespace: "ns",
  name: "fn",
  uid: "uid-1",
  action: "remove-finalizer" as const,
  reason: "stuck",
  preconditions: {},
  dryRun: null,
  outcome: null,
  error: null,
  status: null,
};

async function sqlAs(url: string, text: string): Promise<unknown> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

describeWithPostgres("the PostgreSQL store", (server) => {
  it("migrates once when several replicas start together", async () => {
    const db = await server().createDatabase();
    const replicas = Array.from({ length: 4 }, () => openStores(db.url));
    try {
      await Promise.all(replicas.map((s) => s.ready()));
      const r = (await sqlAs(db.url, "SELECT version, COUNT(*)::int AS n FROM schema_migrations GROUP BY version ORDER BY version")) as { rows: Array<{ version: number; n: number }> };
      expect(r.rows).toEqual(PG_MIGRATIONS.map((m) => ({ version: m.version, n: 1 })));
      // A store that opens later finds nothing to do and works.
      const late = openStores(db.url);
      replicas.push(late);
      await late.ready();
      await late.audit.append(audit);
      expect(await replicas[0].audit.list({})).toHaveLength(1);
    } finally {
      for (const s of replicas) await s.close();
      await db.drop();
    }
  });

  it("keeps the dashboard's role (not the schema's owner) from editing the audit log or removing its triggers", async () => {
    const db = await server().createDatabase();
    const role = `fleet_app_${randomBytes(4).toString("hex")}`;
    await server().sql(`CREATE ROLE ${role} LOGIN`);
    const appUrl = server().url(db.name, role);
    const stores = openStores(appUrl, { ownerUrl: db.url });
    try {
      await stores.ready();
      // Everything the dashboard does works with its own role.
      await stores.audit.append(audit);
      await stores.timeline.commit({ entries: [], snapshots: [] });
      expect(await stores.approvals.add({ id: "a", requestId: "r", createdAt: 0, expiresAt: 10, payload: {} }, 5)).toBe(true);
      expect((await stores.rateLimits.take("k", 5, 0)).ok).toBe(true);
      // Around the product, with the dashboard's credentials:
      await expect(sqlAs(appUrl, "UPDATE audit_log SET reason = 'edited'")).rejects.toThrow(/append-only|permission denied/);
      await expect(sqlAs(appUrl, "DELETE FROM audit_log")).rejects.toThrow(/append-only|permission denied/);
      await expect(sqlAs(appUrl, "TRUNCATE audit_log")).rejects.toThrow(/permission denied|append-only/);
      await expect(sqlAs(appUrl, "DROP TRIGGER audit_log_no_update_or_delete ON audit_log")).rejects.toThrow(/must be owner/);
      await expect(sqlAs(appUrl, "ALTER TABLE audit_log DISABLE TRIGGER ALL")).rejects.toThrow(/must be owner/);
      await expect(sqlAs(appUrl, "DROP TABLE audit_log")).rejects.toThrow(/must be owner/);
      // Even the owner's UPDATE meets the trigger.
      await expect(sqlAs(db.url, "UPDATE audit_log SET reason = 'edited'")).rejects.toThrow(/append-only/);
      expect((await stores.audit.list({}))[0].reason).toBe("stuck");
    } finally {
      await stores.close();
      await db.drop();
      await server().sql(`DROP ROLE IF EXISTS ${role}`);
    }
  });
});

import "server-only";
import { IDLE_BUCKET_MS, takeToken, type RateDecision, type RateLimitStore } from "./rate-limit-store";
import type { SqlDb } from "./sql-db";

/**
 * Token buckets in the table rate_limits, one read-modify-write transaction per take (the row
 * is locked FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE locks the file), so concurrent
 * replicas never spend the same token twice.
 */
interface BucketRow {
  tokens: number | string;
  at: number | string;
  refused_since: number | string | null;
}

const PRUNE_EVERY = 500;

export class SqlRateLimitStore implements RateLimitStore {
  private takes = 0;

  constructor(private readonly db: SqlDb) {}

  async take(key: string, perMinute: number, now: number): Promise<RateDecision> {
    const prune = ++this.takes % PRUNE_EVERY === 0;
    return this.db.transaction(async (tx) => {
      if (prune) await tx.run("DELETE FROM rate_limits WHERE at < ?", [now - IDLE_BUCKET_MS]);
      const forUpdate = tx.dialect === "postgres" ? " FOR UPDATE" : "";
      await tx.run("INSERT INTO rate_limits (key, tokens, at, refused_since) VALUES (?, ?, ?, NULL) ON CONFLICT (key) DO NOTHING", [key, perMinute, now]);
      const [row] = await tx.query<BucketRow>(`SELECT tokens, at, refused_since FROM rate_limits WHERE key = ?${forUpdate}`, [key]);
      const current = row ? { tokens: Number(row.tokens), at: Number(row.at), refusedSince: row.refused_since === null ? null : Number(row.refused_since) } : null;
      const { bucket, decision } = takeToken(current, perMinute, now);
      await tx.run("UPDATE rate_limits SET tokens = ?, at = ?, refused_since = ? WHERE key = ?", [bucket.tokens, bucket.at, bucket.refusedSince, key]);
      return decision;
    });
  }
}

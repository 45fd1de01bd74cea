import "server-only";
import pg from "pg";
import { lockFeedOrder, placeholders } from "../sql-db";
import { CHANGES_CHANNEL } from "./migrations";
import type { PgDb } from "./pg-db";

/**
 * What the replicas of one deployment share through PostgreSQL besides the stores: where the
 * change feed stands (the last timeline id, audit seq and AWS observation seq), the leader's AWS
 * observations, and dedicated sessions for the leader lock and for LISTEN (a pooled connection
 * is handed around; a session lock or a LISTEN must stay on one).
 */
export interface FeedPosition {
  timeline: number;
  audit: number;
  aws: number;
}

export interface AwsObservation {
  key: string;
  /** JSON text. */
  body: string;
  seq: number;
}

export { CHANGES_CHANNEL };

export class SharedPostgres {
  private readonly sessions = new Set<pg.Client>();

  constructor(
    private readonly url: string,
    readonly db: PgDb,
  ) {}

  async position(): Promise<FeedPosition> {
    const [r] = await this.db.query<{ timeline: string | null; audit: string | null; aws: string | null }>(
      `SELECT (SELECT MAX(id) FROM timeline_entries) AS timeline, (SELECT MAX(seq) FROM audit_log) AS audit, (SELECT MAX(seq) FROM aws_observations) AS aws`,
    );
    return { timeline: Number(r?.timeline ?? 0), audit: Number(r?.audit ?? 0), aws: Number(r?.aws ?? 0) };
  }

  /** Upserts observations (the leader's), each with a new seq, in commit order. */
  async saveAws(items: Array<{ key: string; body: string }>, now: number): Promise<void> {
    if (items.length === 0) return;
    const unique = [...new Map(items.map((i) => [i.key, i] as const)).values()];
    await this.db.transaction(async (tx) => {
      await lockFeedOrder(tx);
      for (let i = 0; i < unique.length; i += 500) {
        const part = unique.slice(i, i + 500);
        const rows = placeholders(part.length, 3).replace(/\(\?, \?, \?\)/g, "(?, ?, nextval('aws_observation_seq'), ?)");
        await tx.run(
          `INSERT INTO aws_observations (key, body, seq, updated_at) VALUES ${rows}
           ON CONFLICT (key) DO UPDATE SET body = excluded.body, seq = excluded.seq, updated_at = excluded.updated_at`,
          part.flatMap((p) => [p.key, p.body, now]),
        );
      }
    });
  }

  /** Forgets the observations of Functions that are gone (a replica starting later never loads them). */
  async deleteAws(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 500) {
      const part = keys.slice(i, i + 500);
      await this.db.run(`DELETE FROM aws_observations WHERE key IN (${part.map(() => "?").join(", ")})`, part);
    }
  }

  async awsAfter(afterSeq: number, limit: number): Promise<AwsObservation[]> {
    const rows = await this.db.query<{ key: string; body: string; seq: string }>("SELECT key, body, seq FROM aws_observations WHERE seq > ? ORDER BY seq LIMIT ?", [afterSeq, limit]);
    return rows.map((r) => ({ key: r.key, body: r.body, seq: Number(r.seq) }));
  }

  /** A new dedicated session (closed by close() if still open). */
  async session(applicationName: string, opts: { queryTimeoutMs?: number } = {}): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url, application_name: applicationName, keepAlive: true, connectionTimeoutMillis: 5_000, query_timeout: opts.queryTimeoutMs });
    client.on("error", () => {});
    this.sessions.add(client);
    client.on("end", () => this.sessions.delete(client));
    try {
      await client.connect();
    } catch (err) {
      this.sessions.delete(client);
      throw err;
    }
    return client;
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions].map((c) => c.end().catch(() => {})));
  }
}

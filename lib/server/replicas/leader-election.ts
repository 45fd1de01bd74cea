import "server-only";
import type pg from "pg";

/**
 * One leader among the replicas that share a PostgreSQL store: the holder of a session-level
 * advisory lock (https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS).
 *
 * Why an advisory lock and not a Kubernetes Lease: the replicas already depend on this
 * database (history, audit, approvals), so the lock adds no component and no RBAC, and works
 * the same outside Kubernetes (the tests, `npm run demo`). A session lock belongs to one
 * connection: the server releases it the moment that connection ends, which is what makes
 * failover quick when a leader dies (kill -9 closes its socket; the server sees it at once).
 *
 * - The lock lives on a dedicated connection (`session()`), never a pooled one: a pool hands
 *   its connections around, and a lock taken on one would follow it to another caller.
 * - A follower tries `pg_try_advisory_lock` every `retryMs` (never blocks waiting: it must
 *   notice when its own connection breaks).
 * - The leader checks its connection every `retryMs` with a query bounded by `checkTimeoutMs`.
 *   When the connection errors, ends or does not answer, it steps down at once: `onDeposed`
 *   stops its roles before anyone else could take them (the server releases the lock only when
 *   the connection is gone).
 * - `idle_session_timeout` on the lock's session: a leader that hangs or is cut off by the
 *   network stops checking, so the server ends its session (and frees the lock) after
 *   `serverTimeoutMs` rather than after TCP keepalives (hours by default).
 */
export interface LockSessions {
  /** A new connection that is not part of any pool. */
  session(applicationName: string, opts?: { queryTimeoutMs?: number }): Promise<pg.Client>;
}

export interface LeaderElectionOptions {
  /** The lock's key: one per deployment sharing the database. */
  key?: number;
  /** This replica's name, shown in pg_stat_activity (application_name). */
  identity: string;
  retryMs?: number;
  checkTimeoutMs?: number;
  serverTimeoutMs?: number;
  onElected(): Promise<void> | void;
  onDeposed(): Promise<void> | void;
  log?: (line: string) => void;
}

/** "ackl" */
export const LEADER_LOCK_KEY = 0x61636b6c;

export class LeaderElection {
  private client: pg.Client | null = null;
  private leader = false;
  private stopped = true;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> = Promise.resolve();
  /** Role changes happen one at a time, in order. */
  private transitions: Promise<void> = Promise.resolve();
  private readonly retryMs: number;
  private lastError = "";
  private notBefore = 0;

  constructor(
    private readonly sessions: LockSessions,
    private readonly opts: LeaderElectionOptions,
  ) {
    this.retryMs = opts.retryMs ?? 1_000;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  /** The application_name of the lock's session (tests find it in pg_stat_activity). */
  get sessionName(): string {
    return `ack-lambda-fleet leader ${this.opts.identity}`.slice(0, 63);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Steps down (roles stopped first), then releases the lock by closing its connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking;
    await this.depose("stopping");
    await this.transitions;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => this.schedule(this.retryMs));
    }, ms);
  }

  private async tick(): Promise<void> {
    // A replica that just lost the lock lets the others try first (see depose).
    if (!this.leader && Date.now() < this.notBefore) return;
    try {
      const client = this.client ?? (await this.connect());
      if (this.stopped) return;
      if (this.leader) {
        await client.query("SELECT 1");
        return;
      }
      const r = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [this.opts.key ?? LEADER_LOCK_KEY]);
      if (r.rows[0]?.ok && !this.stopped && this.client === client) {
        this.leader = true;
        this.opts.log?.(`[leader] ${this.opts.identity} is the leader`);
        this.transition(() => this.opts.onElected());
      }
    } catch (err) {
      const why = `the lock's connection failed: ${(err as Error).message}`;
      if (!this.leader && this.lastError !== why) this.opts.log?.(`[leader] ${this.opts.identity}: ${why}`);
      this.lastError = why;
      await this.depose(why);
    }
  }

  private async connect(): Promise<pg.Client> {
    // query timeout: a leader whose check does not come back steps down.
    const client = await this.sessions.session(this.sessionName, { queryTimeoutMs: this.opts.checkTimeoutMs ?? 5_000 });
    // A broken connection means the lock is (or soon will be) gone: step down without waiting.
    const lost = () => {
      if (this.client === client) void this.depose("the lock's connection ended");
    };
    client.on("error", lost);
    client.on("end", lost);
    const serverTimeout = Math.max(1_000, this.opts.serverTimeoutMs ?? 10_000);
    await client.query(`SET idle_session_timeout = ${Math.round(serverTimeout)}`);
    this.client = client;
    return client;
  }

  /**
   * Roles stop first, then the connection closes (which frees the lock): on a clean stop, no
   * other replica starts recording while this one still does. When the connection broke, the
   * server freed the lock already and another replica may start before these roles stopped;
   * the overlap is harmless for history (an entry's key is unique in the store, so a second
   * write of it is ignored) and short for AWS reads.
   */
  private async depose(why: string): Promise<void> {
    const client = this.client;
    this.client = null;
    if (this.leader) {
      // Its connection broke, so something is wrong near it: without this pause it would often
      // win the lock straight back (it reconnects at once; the others try on their own beat).
      this.notBefore = Date.now() + 3 * this.retryMs;
      this.leader = false;
      this.opts.log?.(`[leader] ${this.opts.identity} steps down: ${why}`);
      this.transition(() => this.opts.onDeposed());
      await this.transitions;
    }
    if (client) await client.end().catch(() => {});
  }

  private transition(fn: () => Promise<void> | void): void {
    this.transitions = this.transitions.then(fn).catch((err: Error) => this.opts.log?.(`[leader] changing roles failed: ${err.message}`));
  }
}

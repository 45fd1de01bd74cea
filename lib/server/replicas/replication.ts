import "server-only";
import type { AwsState } from "@/lib/domain/wire/fleet";
import type { AccountStatus, AwsStateReader } from "../aws/reader";
import type { Stores } from "../store/open";
import type { AwsObservation, SharedPostgres } from "../store/postgres/shared";
import { ChangeFeed } from "./change-feed";
import { LeaderElection } from "./leader-election";

/**
 * Several replicas on one PostgreSQL store (README "Several replicas"): the leader election
 * (only the leader records and reads AWS), the leader's AWS observations written to the store,
 * and the change feed that brings every replica the new timeline and audit entries and those
 * observations. Built by the composition root when the store is PostgreSQL.
 */
export interface ReplicationOptions {
  identity: string;
  retryMs?: number;
  serverTimeoutMs?: number;
  pollMs?: number;
  /** How often the leader writes the AWS observations it gathered. */
  awsFlushMs?: number;
  roles: { start(): Promise<void>; stop(): Promise<void> };
  log: (line: string) => void;
  now: () => number;
}

const FN_KEY = "fn:";
const ACCOUNTS_KEY = "accounts";

export class Replication {
  readonly election: LeaderElection;
  readonly feed: ChangeFeed;
  /** Observations to write (null: the Function is gone, delete its row). */
  private readonly pendingAws = new Map<string, string | null>();
  private awsTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly shared: SharedPostgres,
    stores: Pick<Stores, "timeline" | "audit">,
    private readonly aws: AwsStateReader,
    private readonly opts: ReplicationOptions,
  ) {
    this.election = new LeaderElection(shared, {
      identity: opts.identity,
      retryMs: opts.retryMs,
      serverTimeoutMs: opts.serverTimeoutMs,
      log: opts.log,
      onElected: () => opts.roles.start(),
      onDeposed: () => opts.roles.stop(),
    });
    this.feed = new ChangeFeed(shared, stores, { pollMs: opts.pollMs, log: opts.log, onAws: (o) => this.applyAws(o) });
    // What the reader learns while this replica leads goes to the store for the others.
    this.unsubscribe = aws.subscribe({
      stateChanged: (id: string, state: AwsState) => {
        if (aws.running) this.queueAws(`${FN_KEY}${id}`, JSON.stringify(state));
      },
      accountsChanged: () => {
        if (aws.running) this.queueAws(ACCOUNTS_KEY, JSON.stringify(aws.accountStatuses()));
      },
      removed: (id: string) => {
        if (aws.running) this.queueAws(`${FN_KEY}${id}`, null);
      },
    });
  }

  async start(): Promise<void> {
    await this.feed.start();
    this.election.start();
  }

  async stop(): Promise<void> {
    this.unsubscribe();
    await this.election.stop();
    if (this.awsTimer) clearTimeout(this.awsTimer);
    this.awsTimer = null;
    await this.flushAws();
    await this.feed.stop();
  }

  private queueAws(key: string, body: string | null): void {
    this.pendingAws.set(key, body);
    this.awsTimer ??= setTimeout(() => {
      this.awsTimer = null;
      void this.flushAws();
    }, this.opts.awsFlushMs ?? 100);
  }

  private flushAws(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pendingAws.size === 0) return;
      // The accounts' statuses (errors, throttling, request counts) go along with every batch.
      if (this.aws.running) this.pendingAws.set(ACCOUNTS_KEY, JSON.stringify(this.aws.accountStatuses()));
      const items = [...this.pendingAws].flatMap(([key, body]) => (body === null ? [] : [{ key, body }]));
      const gone = [...this.pendingAws].flatMap(([key, body]) => (body === null ? [key] : []));
      this.pendingAws.clear();
      try {
        await this.shared.saveAws(items, this.opts.now());
        await this.shared.deleteAws(gone);
      } catch (err) {
        this.opts.log(`[replicas] could not share ${items.length} AWS observations (they are shown here; the next change is shared): ${(err as Error).message}`);
      }
    });
    return this.flushing;
  }

  private applyAws(observations: AwsObservation[]): void {
    for (const o of observations) {
      try {
        if (o.key === ACCOUNTS_KEY) this.aws.applyObservedAccounts(JSON.parse(o.body) as AccountStatus[]);
        else if (o.key.startsWith(FN_KEY)) this.aws.applyObserved(o.key.slice(FN_KEY.length), JSON.parse(o.body) as AwsState);
      } catch {
        /* a malformed row is skipped: the next observation of that Function replaces it */
      }
    }
  }
}

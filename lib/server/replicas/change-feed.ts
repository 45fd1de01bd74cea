import "server-only";
import type pg from "pg";
import type { TimelineEntry } from "@/lib/domain/wire/timeline";
import type { AuditListener, SequencedAuditEntry } from "../store/audit";
import type { StorePosition } from "../live/resume-cursor";
import type { ResumeSource } from "../live/store-replay";
import { CHANGES_CHANNEL, type AwsObservation, type FeedPosition, type SharedPostgres } from "../store/postgres/shared";

/**
 * What every replica hears from the shared PostgreSQL store: new timeline entries (written by
 * the leader's recorder), new audit entries (written by whichever replica served the
 * remediation) and the leader's AWS observations. The tables are the truth and carry a
 * position each (timeline id, audit seq, observation seq); a notification on CHANGES_CHANNEL
 * (sent by the tables' triggers at commit) only says "read again". So a notification lost while
 * the LISTEN connection was down loses nothing: the next read, on the next notification or on
 * the poll every `pollMs`, starts from the last position seen. Ids commit in order
 * (lockFeedOrder in sql-db.ts), so "after the last position" never skips a late commit.
 *
 * Every replica, the leader too, publishes the timeline and audit entries it hears here (and
 * not from its own recorder): all replicas send the same entries, whoever is leader and across
 * a change of leader, with no entry sent twice. The live hub resumes a stream another replica
 * served from here too (ResumeSource): `handed()` is how far the entries went to the listeners.
 */
export interface FeedStores {
  timeline: { entriesAfter(afterId: number, toId: number, limit: number): Promise<TimelineEntry[]>; lastEntryId(): Promise<number> };
  audit: { entriesAfter(afterSeq: number, toSeq: number, limit: number): Promise<SequencedAuditEntry[]>; lastSeq(): Promise<number> };
}

export interface ChangeFeedOptions {
  pollMs?: number;
  /** Applies the leader's AWS observations (the reader's mirror). */
  onAws(observations: AwsObservation[]): void;
  log?: (line: string) => void;
}

const BATCH = 1_000;

export class ChangeFeed implements ResumeSource {
  private readonly entryListeners = new Set<(entries: TimelineEntry[]) => void>();
  private readonly auditListeners = new Set<AuditListener>();
  private position: FeedPosition | null = null;
  /** How far the timeline and audit entries went to the listeners (an audit entry counts once its listeners heard it). */
  private handedTo: StorePosition = { timeline: 0, audit: 0 };
  private listen: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private pulling: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private readonly shared: SharedPostgres,
    private readonly stores: FeedStores,
    private readonly opts: ChangeFeedOptions,
  ) {}

  /** The recorder's shape, for the live hub: timeline entries as they are committed. */
  onEntries(fn: (entries: TimelineEntry[]) => void): () => void {
    this.entryListeners.add(fn);
    return () => this.entryListeners.delete(fn);
  }

  /** The audit log's shape, for the live hub: audit entries from every replica. */
  readonly audit = {
    subscribe: (fn: AuditListener): (() => void) => {
      this.auditListeners.add(fn);
      return () => this.auditListeners.delete(fn);
    },
  };

  handed(): StorePosition {
    return { ...this.handedTo };
  }

  timelineAfter(afterId: number, toId: number, limit: number) {
    return this.stores.timeline.entriesAfter(afterId, toId, limit);
  }

  auditAfter(afterSeq: number, toSeq: number, limit: number) {
    return this.stores.audit.entriesAfter(afterSeq, toSeq, limit);
  }

  /** From now on: earlier entries are the API's to serve; every AWS observation is applied. */
  async start(): Promise<void> {
    this.stopped = false;
    const now = await this.shared.position();
    this.position = { timeline: now.timeline, audit: now.audit, aws: 0 };
    this.handedTo = { timeline: now.timeline, audit: now.audit };
    await this.connectListen();
    await this.pull();
    const poll = () => {
      this.timer = setTimeout(async () => {
        if (!this.listen) await this.connectListen();
        await this.pull();
        if (!this.stopped) poll();
      }, this.opts.pollMs ?? 2_000);
    };
    poll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const listen = this.listen;
    this.listen = null;
    await listen?.end().catch(() => {});
    await this.pulling;
  }

  private async connectListen(): Promise<void> {
    if (this.stopped) return;
    try {
      const client = await this.shared.session("ack-lambda-fleet changes");
      client.on("notification", () => void this.pull());
      const lost = () => {
        if (this.listen === client) this.listen = null;
      };
      client.on("error", lost);
      client.on("end", lost);
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      if (this.stopped) await client.end();
      else this.listen = client;
    } catch (err) {
      this.opts.log?.(`[replicas] cannot listen for changes (polling every ${this.opts.pollMs ?? 2_000} ms meanwhile): ${(err as Error).message}`);
    }
  }

  /** One read at a time; a notification during a read asks for one more. */
  private pull(): Promise<void> {
    if (this.pulling) {
      this.again = true;
      return this.pulling;
    }
    this.pulling = (async () => {
      do {
        this.again = false;
        try {
          await this.readAll();
        } catch (err) {
          this.opts.log?.(`[replicas] reading the changes failed (retried): ${(err as Error).message}`);
        }
      } while (this.again && !this.stopped);
    })().finally(() => (this.pulling = null));
    return this.pulling;
  }

  private async readAll(): Promise<void> {
    const pos = this.position;
    if (!pos || this.stopped) return;
    const lastEntry = await this.stores.timeline.lastEntryId();
    while (pos.timeline < lastEntry) {
      const entries = await this.stores.timeline.entriesAfter(pos.timeline, lastEntry, BATCH);
      // Pruned or unreadable rows are skipped, so the position moves to the bound of the batch read.
      pos.timeline = entries.length === BATCH ? Number(entries[entries.length - 1].id) : lastEntry;
      this.handedTo.timeline = pos.timeline;
      if (entries.length) for (const l of this.entryListeners) safely(() => l(entries));
    }
    const lastAudit = await this.stores.audit.lastSeq();
    while (pos.audit < lastAudit) {
      const entries = await this.stores.audit.entriesAfter(pos.audit, lastAudit, BATCH);
      for (const { seq, entry } of entries) {
        this.handedTo.audit = seq;
        for (const l of this.auditListeners) safely(() => l(entry));
      }
      pos.audit = entries.length === BATCH ? entries[entries.length - 1].seq : lastAudit;
      this.handedTo.audit = pos.audit;
    }
    for (;;) {
      const observations = await this.shared.awsAfter(pos.aws, BATCH);
      if (!observations.length) break;
      pos.aws = observations[observations.length - 1].seq;
      safely(() => this.opts.onAws(observations));
      if (observations.length < BATCH) break;
    }
  }
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    /* a listener's failure is its own */
  }
}

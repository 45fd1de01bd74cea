import "server-only";
import type { KubeConfig } from "@kubernetes/client-node";
import { KubeHttpError, kubeRequest, kubeStream, statusMessage, type KubeResponse, type StreamHandle } from "./http";

/**
 * List + watch of one resource collection, the informer pattern of client-go:
 * list (paged), then watch from the list's resourceVersion with bookmarks; on a clean end
 * resume from the last resourceVersion seen; on 410 Gone relist; on any other error back off
 * (1 s doubling to 10 s by default, with jitter) and resume. It never gives up and never throws.
 */
export interface KubeObjectLike {
  metadata?: { uid?: string; name?: string; namespace?: string; resourceVersion?: string };
}

export interface WatcherHandlers {
  /** The full set after a (re)list: replace everything known. Not called when onPage is given. */
  onList?(items: unknown[]): void;
  /**
   * Paged instead of onList: each page of a (re)list as it arrives (`first`: a list starts,
   * again after an expired continue token), then onListed once the last page came. A large
   * collection is then used page by page while the next page is on its way.
   */
  onPage?(items: unknown[], first: boolean): void;
  onListed?(): void;
  onAdded(obj: unknown): void;
  onModified(obj: unknown): void;
  onDeleted(obj: unknown): void;
  onState(state: { connected: boolean; error: string | null; syncedAt: number | null }): void;
}

export interface WatcherOptions {
  path: string;
  labelSelector?: string;
  /** e.g. "involvedObject.kind=Function" for the Events about Functions. */
  fieldSelector?: string;
  pageSize?: number;
  /** Server-side watch timeout (default 60 s); the server then ends the watch and it is resumed. */
  watchTimeoutSeconds?: number;
  /**
   * Silence after which the connection is taken for dead (default 90 s). Never shorter than the
   * watch timeout plus IDLE_SLACK_MS: a quiet watch may carry no event at all until the server
   * ends it (etcd-served watches send no bookmarks, and the API promises no bookmark interval).
   */
  idleTimeoutMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
  /** Told of each full list and each watch re-opened (the metrics' relist and restart counters). */
  observe?: { listed(): void; restarted(): void };
  /**
   * The first page of the first list, already asked with `listPage` (at boot, before the app was
   * built: ./first-pages.ts); called once, at the first list, and asked for as usual if undefined.
   */
  firstPage?: () => Promise<KubeResponse> | undefined;
}

/** One page of a list of `opts.path` (`cont`: the continue token of the page before; none: the first). */
export function listPage(kc: KubeConfig, opts: Pick<WatcherOptions, "path" | "pageSize" | "labelSelector" | "fieldSelector">, cont: string | undefined): Promise<KubeResponse> {
  return kubeRequest(kc, {
    path: opts.path,
    query: { limit: opts.pageSize ?? 500, continue: cont, labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector },
  });
}

const DEFAULT_WATCH_TIMEOUT_S = 60;
const DEFAULT_IDLE_TIMEOUT_MS = 90_000;
/** How long after its own timeoutSeconds a server may take to end a watch before it counts as dead. */
const IDLE_SLACK_MS = 10_000;

export class ResourceWatcher {
  private resourceVersion: string | null = null;
  private stream: StreamHandle | null = null;
  private stopped = false;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private listedOnce = false;

  constructor(
    private readonly kc: KubeConfig,
    private readonly opts: WatcherOptions,
    private readonly handlers: WatcherHandlers,
  ) {}

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.stream?.abort();
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private async loop(): Promise<void> {
    // Whether the next watch resumes one that ended or failed (not the first after a list).
    let resuming = false;
    while (!this.stopped) {
      try {
        if (this.resourceVersion === null) {
          await this.list();
          resuming = false;
        }
        if (resuming) this.opts.observe?.restarted();
        resuming = true;
        const outcome = await this.watchOnce();
        if (outcome === "gone") this.resourceVersion = null; // 410: relist at once
        else if (outcome === "error") await this.backoff();
        else this.failures = 0;
      } catch (err) {
        this.handlers.onState({ connected: false, error: errorText(err), syncedAt: null });
        await this.backoff();
      }
    }
  }

  private async list(): Promise<void> {
    const paged = this.handlers.onPage !== undefined;
    const items: unknown[] = [];
    let first = true;
    let rv = "";
    const given = this.listedOnce ? undefined : this.opts.firstPage?.();
    this.listedOnce = true;
    let next: Promise<KubeResponse> | null = given ?? this.listPage(undefined);
    while (next) {
      const res: KubeResponse = await next;
      next = null;
      if (res.status === 410) {
        // The continue token expired mid-list: start over.
        items.length = 0;
        first = true;
        next = this.listPage(undefined);
        continue;
      }
      if (res.status !== 200) throw new KubeHttpError(statusMessage(res), res.status);
      const body = (res.body ?? {}) as { items?: unknown; metadata?: { resourceVersion?: unknown; continue?: unknown } };
      rv = typeof body.metadata?.resourceVersion === "string" ? body.metadata.resourceVersion : rv;
      const cont = typeof body.metadata?.continue === "string" && body.metadata.continue ? body.metadata.continue : undefined;
      // Asked for before this page is used, so the server prepares it meanwhile (still one
      // request at a time in flight per collection, as client-go's pager does).
      if (cont) {
        next = this.listPage(cont);
        next.catch(() => {}); // awaited on the next turn; a failure then is thrown there
      }
      const page = Array.isArray(body.items) ? (body.items as unknown[]) : [];
      if (paged) this.handlers.onPage!(page, first);
      else items.push(...page);
      first = false;
    }
    this.resourceVersion = rv;
    this.failures = 0;
    this.opts.observe?.listed();
    if (paged) this.handlers.onListed?.();
    else this.handlers.onList?.(items);
    this.handlers.onState({ connected: true, error: null, syncedAt: this.now() });
  }

  private listPage(cont: string | undefined): Promise<KubeResponse> {
    return listPage(this.kc, this.opts, cont);
  }

  /** One watch connection; resolves with how it ended. */
  private async watchOnce(): Promise<"closed" | "gone" | "error"> {
    let gone = false;
    let failed: string | null = null;
    const timeoutSeconds = this.opts.watchTimeoutSeconds ?? DEFAULT_WATCH_TIMEOUT_S;
    this.stream = kubeStream(
      this.kc,
      {
        path: this.opts.path,
        query: {
          watch: 1,
          allowWatchBookmarks: true,
          resourceVersion: this.resourceVersion ?? undefined,
          labelSelector: this.opts.labelSelector,
          fieldSelector: this.opts.fieldSelector,
          timeoutSeconds,
        },
        idleTimeoutMs: Math.max(this.opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, timeoutSeconds * 1000 + IDLE_SLACK_MS),
      },
      (line) => {
        const ev = line as { type?: unknown; object?: KubeObjectLike & { code?: unknown; message?: unknown } };
        const obj = ev.object;
        if (!obj || typeof obj !== "object") return;
        const rv = obj.metadata?.resourceVersion;
        switch (ev.type) {
          case "ADDED":
            this.handlers.onAdded(obj);
            break;
          case "MODIFIED":
            this.handlers.onModified(obj);
            break;
          case "DELETED":
            this.handlers.onDeleted(obj);
            break;
          case "BOOKMARK":
            break;
          case "ERROR":
            if (obj.code === 410) gone = true;
            else failed = `watch error: ${typeof obj.message === "string" ? obj.message : "unknown"}`;
            this.stream?.abort();
            return;
          default:
            return;
        }
        if (typeof rv === "string" && rv) this.resourceVersion = rv;
      },
      // A watch that opens after an outage means the cluster is back, without a relist.
      () => this.handlers.onState({ connected: true, error: null, syncedAt: this.now() }),
    );
    const { error } = await this.stream.done;
    this.stream = null;
    if (gone || error?.status === 410) return "gone";
    if (error || failed) {
      this.handlers.onState({ connected: false, error: error ? error.message : failed, syncedAt: null });
      return "error";
    }
    return "closed";
  }

  private backoff(): Promise<void> {
    const max = this.opts.maxBackoffMs ?? 10_000;
    const base = Math.min(max, 1000 * 2 ** Math.min(this.failures, 10));
    this.failures++;
    const delay = base / 2 + Math.random() * (base / 2);
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, delay);
    });
  }
}

export function errorText(err: unknown): string {
  if (err instanceof KubeHttpError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

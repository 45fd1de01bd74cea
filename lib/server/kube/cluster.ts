import "server-only";
import type { ControllerInfo } from "@/lib/domain/wire/fleet";
import { NO_TELEMETRY, watchObserver, type Telemetry } from "../telemetry";
import type { ClusterContext } from "./kubeconfig";
import { kubeRequest, statusMessage } from "./http";
import { ResourceWatcher, errorText } from "./watcher";
import type { ControllerDeployment } from "@/lib/domain/wire/controllers";
import { controllerDeploymentsFrom, controllerForVerdicts } from "./controller-info";
import type { PermissionSettings } from "@/lib/domain/cluster-permissions";
import { logEvent } from "../log";
import { checkPermissions, type PermissionStatus } from "./permission-check";
import { CLUSTER_LISTS, askControllers, type FirstPages } from "./first-pages";

/**
 * Everything the dashboard watches in one cluster: Functions in all namespaces, Namespaces
 * (their annotations take part in region/account resolution), the ACK controller's
 * Deployment, and a liveness probe. One cluster failing never affects another.
 */
export interface ClusterState {
  connected: boolean;
  lastSyncAt: number | null;
  error: string | null;
}

export interface ClusterListener {
  functionChanged(cluster: string, key: string, obj: unknown | null): void;
  /** A page of a (re)list, as it arrives; `first`: a list starts (what it does not name goes at its end). */
  functionsPage(cluster: string, objs: unknown[], first: boolean): void;
  /** The (re)list that the pages made is complete: what it did not name is gone. */
  functionsListed(cluster: string): void;
  /** A namespace was added, changed or deleted; null: every namespace (a relist). */
  namespacesChanged(cluster: string, namespace: string | null): void;
  /** The connection state or the controller found changed. */
  clusterChanged(cluster: string, what: "connection" | "controller" | "permissions"): void;
}

export interface ClusterOptions {
  probeIntervalMs?: number;
  /** Namespaces to look for the controller's Deployment in (a Role per namespace suffices); empty: cluster-wide. */
  controllerNamespaces?: string[];
  controllerPollMs?: number;
  /** What the permission self-check asks for (./permission-check.ts); absent: no self-check. */
  permissions?: PermissionSettings;
  /** How often the self-check runs again after the first, at start (default 60 s). */
  permissionCheckMs?: number;
  now?: () => number;
  telemetry?: Telemetry;
  /** The first page of each list, asked at boot before the app was built (./first-pages.ts). */
  firstPages?: FirstPages;
}

const keyOf = (obj: unknown): string | null => {
  const m = (obj as { metadata?: { namespace?: unknown; name?: unknown } } | null)?.metadata;
  return m && typeof m.namespace === "string" && typeof m.name === "string" ? `${m.namespace}/${m.name}` : null;
};

export class ClusterConnection {
  readonly name: string;
  readonly namespaces = new Map<string, Record<string, string>>();
  /** The controller the verdicts name (the oldest of those found); null until first read. */
  controller: ControllerInfo | null = null;
  /** Every ACK Lambda controller Deployment found; null until first read. */
  controllers: ControllerDeployment[] | null = null;
  state: ClusterState = { connected: false, lastSyncAt: null, error: null };
  /** The last permission self-check that got an answer; null before one did. */
  permissions: PermissionStatus | null = null;
  private watchState: ClusterState = { connected: false, lastSyncAt: null, error: "connecting" };
  private probeError: string | null = null;
  private readonly functionWatcher: ResourceWatcher;
  private readonly namespaceWatcher: ResourceWatcher;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    readonly ctx: ClusterContext,
    private readonly listener: ClusterListener,
    private readonly opts: ClusterOptions = {},
  ) {
    this.name = ctx.name;
    const now = opts.now ?? Date.now;
    const telemetry = opts.telemetry ?? NO_TELEMETRY;
    this.functionWatcher = new ResourceWatcher(
      ctx.kc,
      { path: CLUSTER_LISTS.functions, now, observe: watchObserver(telemetry, this.name, "functions"), firstPage: () => opts.firstPages?.take(this.name, "functions") },
      {
        onPage: (items, first) => listener.functionsPage(this.name, items, first),
        onListed: () => listener.functionsListed(this.name),
        onAdded: (o) => this.emit(o, o),
        onModified: (o) => this.emit(o, o),
        onDeleted: (o) => this.emit(o, null),
        onState: (s) => {
          this.watchState = { connected: s.connected, error: s.error, lastSyncAt: s.syncedAt ?? this.watchState.lastSyncAt };
          this.updateState();
        },
      },
    );
    this.namespaceWatcher = new ResourceWatcher(
      ctx.kc,
      { path: CLUSTER_LISTS.namespaces, now, observe: watchObserver(telemetry, this.name, "namespaces"), firstPage: () => opts.firstPages?.take(this.name, "namespaces") },
      {
        onList: (items) => {
          this.namespaces.clear();
          for (const ns of items) this.putNamespace(ns);
          listener.namespacesChanged(this.name, null);
        },
        onAdded: (o) => this.namespaceChanged(o, true),
        onModified: (o) => this.namespaceChanged(o, true),
        onDeleted: (o) => this.namespaceChanged(o, false),
        onState: () => {},
      },
    );
  }

  start(): void {
    // Namespaces and the controller first: when their first answers are already in with the
    // first Function page (./first-pages.ts), the namespaces' annotations and the controller
    // are known before the Functions are read, rather than every verdict made again after.
    this.namespaceWatcher.start();
    void this.pollController();
    this.functionWatcher.start();
    void this.probe();
    this.timers.push(setInterval(() => void this.probe(), this.opts.probeIntervalMs ?? 5000));
    this.timers.push(setInterval(() => void this.pollController(), this.opts.controllerPollMs ?? 10_000));
    if (this.opts.permissions) {
      void this.checkPermissions();
      this.timers.push(setInterval(() => void this.checkPermissions(), this.opts.permissionCheckMs ?? 60_000));
    }
  }

  /**
   * Asks the cluster what the dashboard may do, and says what it lacks: a log line when that
   * changes, the cluster's summary (API, UI), and a metric. Runs at start and then periodically.
   */
  async checkPermissions(): Promise<void> {
    if (!this.opts.permissions) return;
    const r = await checkPermissions(this.ctx.kc, this.opts.permissions, (this.opts.now ?? Date.now)()).catch((err: unknown) => ({ ok: false as const, message: errorText(err) }));
    if (!r.ok) return;
    const before = this.permissions?.missing.join("\n");
    this.permissions = r.status;
    if (before === r.status.missing.join("\n")) return;
    if (r.status.missing.length) logEvent("warn", `cluster ${this.name}: the dashboard lacks permissions: ${r.status.missing.join(", ")}`, { cluster: this.name, missing: r.status.missing.join(", ") });
    else if (before !== undefined) logEvent("info", `cluster ${this.name}: the dashboard has every permission it needs again`, { cluster: this.name });
    this.listener.clusterChanged(this.name, "permissions");
  }

  stop(): void {
    this.functionWatcher.stop();
    this.namespaceWatcher.stop();
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  private emit(obj: unknown, value: unknown | null): void {
    const key = keyOf(obj);
    if (key) this.listener.functionChanged(this.name, key, value);
  }

  private putNamespace(ns: unknown): string | null {
    const m = (ns as { metadata?: { name?: unknown; annotations?: unknown } }).metadata;
    if (!m || typeof m.name !== "string") return null;
    const ann: Record<string, string> = {};
    if (m.annotations && typeof m.annotations === "object") {
      for (const [k, v] of Object.entries(m.annotations)) if (typeof v === "string") ann[k] = v;
    }
    this.namespaces.set(m.name, ann);
    return m.name;
  }

  /** Its annotations take part in region, account and deletion-policy resolution of its Functions. */
  private namespaceChanged(ns: unknown, present: boolean): void {
    const name = present ? this.putNamespace(ns) : (ns as { metadata?: { name?: unknown } }).metadata?.name;
    if (typeof name !== "string") return;
    if (!present) this.namespaces.delete(name);
    this.listener.namespacesChanged(this.name, name);
  }

  private updateState(): void {
    const next: ClusterState = {
      connected: this.watchState.connected && this.probeError === null,
      lastSyncAt: this.watchState.lastSyncAt,
      error: this.probeError ?? this.watchState.error,
    };
    // lastSyncAt alone is read when summaries are built: it does not change any row.
    const changed = next.connected !== this.state.connected || next.error !== this.state.error;
    this.state = next;
    if (changed) this.listener.clusterChanged(this.name, "connection");
  }

  /** A cheap request on a timer: a stopped or unreachable cluster shows within seconds. */
  private async probe(): Promise<void> {
    try {
      const res = await kubeRequest(this.ctx.kc, { path: "/version", timeoutMs: 3000 });
      this.probeError = res.status === 200 || res.status === 401 || res.status === 403 ? null : statusMessage(res);
      if (res.status === 401) this.probeError = "unauthorised: the kubeconfig credentials were rejected";
    } catch (err) {
      this.probeError = errorText(err);
    }
    // While the watch is open and the server answers, the data is current as of now.
    if (this.probeError === null && this.watchState.connected) this.watchState.lastSyncAt = (this.opts.now ?? Date.now)();
    this.updateState();
  }

  private async pollController(): Promise<void> {
    try {
      const answers = await (this.opts.firstPages?.takeControllers(this.name) ?? askControllers(this.ctx.kc, this.opts.controllerNamespaces ?? []));
      if (!answers.some((res) => res.status === 200)) return;
      const items = answers.flatMap((res) => {
        const list = res.status === 200 ? (res.body as { items?: unknown }).items : null;
        return Array.isArray(list) ? list : [];
      });
      const found = controllerDeploymentsFrom(items);
      const info = controllerForVerdicts(found);
      const changed = JSON.stringify(info) !== JSON.stringify(this.controller) || JSON.stringify(found) !== JSON.stringify(this.controllers);
      this.controllers = found;
      if (changed) {
        this.controller = info;
        this.listener.clusterChanged(this.name, "controller");
      }
    } catch {
      /* the probe reports connectivity; keep the last known controller */
    }
  }
}

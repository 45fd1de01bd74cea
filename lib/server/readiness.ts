import "server-only";

/**
 * Readiness of a server process (GET /api/readyz, the kubelet's readiness probe): not ready
 * before start, while stopping, and while the timeline store cannot be written; not ready until
 * every configured cluster finished its first list, or `timeoutMs` after start, after which it
 * serves anyway and names the clusters still not listed (in the log: the probe answers an
 * unauthenticated caller, so its body says nothing but ready or not).
 */
export interface ReadinessInput {
  phase: "created" | "running" | "stopping";
  startedAt: number | null;
  now: number;
  timeoutMs: number;
  storeFailing: boolean;
  clusters: Array<{ name: string; lastSyncAt: number | null }>;
}

export interface Readiness {
  ready: boolean;
  /** Why not ready, or what it serves without (a cluster not listed after the timeout); for the log. */
  problems: string[];
}

export function readinessOf(i: ReadinessInput): Readiness {
  if (i.phase === "created") return { ready: false, problems: ["starting"] };
  if (i.phase === "stopping") return { ready: false, problems: ["stopping"] };
  const problems: string[] = [];
  if (i.storeFailing) problems.push("the timeline store cannot be written");
  const unlisted = i.clusters.filter((c) => c.lastSyncAt === null).map((c) => c.name);
  const waited = i.now - (i.startedAt ?? i.now);
  const timedOut = waited >= i.timeoutMs;
  if (unlisted.length) {
    problems.push(
      timedOut
        ? `serving without a first list of ${unlisted.join(", ")} (not listed ${Math.round(waited / 1000)} s after start)`
        : `waiting for the first list of ${unlisted.join(", ")}`,
    );
  }
  return { ready: !i.storeFailing && (unlisted.length === 0 || timedOut), problems };
}

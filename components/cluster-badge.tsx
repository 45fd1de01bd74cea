/**
 * A cluster's connection state as a badge with text. A disconnected cluster shows its error and
 * how old its data is: its rows stay on screen, marked stale (docs/architecture.md "Errors as data").
 */
import type { ClusterSummary } from "@/lib/domain/wire/fleet";
import { formatAgo } from "@/lib/client/format";
import { Badge } from "./badge";

export function ClusterBadge({ cluster, now, showError = false }: { cluster: ClusterSummary; now: number; showError?: boolean }) {
  if (cluster.connected) {
    return (
      <Badge tone="ok" title={`Connected; last sync ${formatAgo(cluster.lastSyncAt, now, "never")}`}>
        <span aria-hidden="true">●</span>
        {cluster.name}
        <span className="sr-only">: connected</span>
      </Badge>
    );
  }
  const detail = `Disconnected${cluster.error ? `: ${cluster.error}` : ""}; data from ${formatAgo(cluster.lastSyncAt, now, "never")}`;
  return (
    <Badge tone="danger" title={detail} className="max-w-full">
      <span aria-hidden="true">✕</span>
      {cluster.name}: disconnected
      {showError && cluster.error ? <span className="truncate font-normal">({cluster.error})</span> : null}
    </Badge>
  );
}

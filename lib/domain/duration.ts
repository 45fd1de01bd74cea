/** Human durations for verdict texts ("3d 2h", "12m"). Pure: `now` is always passed in. */

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "0s";
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

/** "for 3d 2h" from an epoch-ms start; "" when the start is unknown. */
export function forDuration(startMs: number | null, now: number): string {
  return startMs === null ? "" : ` for ${formatDuration(now - startMs)}`;
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** Durations: read from configuration ("90s", "10m") and written for people. Pure: `now` is always passed in. */

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

/** Parses "90s", "10m", "1h30m", "250ms" or a bare number of milliseconds. Pure; no clock. */
export function parseDuration(text: string): number | null {
  const s = text.trim();
  if (/^\d+$/.test(s)) return Number(s);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
  let total = 0;
  let consumed = 0;
  for (const m of s.matchAll(re)) {
    if (m.index !== consumed) return null;
    consumed += m[0].length;
    const n = Number(m[1]);
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "ms"];
    total += n * unit;
  }
  return consumed === s.length && consumed > 0 ? Math.round(total) : null;
}

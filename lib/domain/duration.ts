/** Durations: read from configuration ("90s", "10m") and written for people. Pure: `now` is always passed in. */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A duration in the two largest units that matter to an operator: "45 s", "12 min",
 * "3 h 12 min", "2 d 4 h". The one format of the dashboard: verdict texts and the UI alike.
 * Negative or non-finite input (clock skew) reads "0 s".
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < SECOND) return "0 s";
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)} s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const min = Math.floor((ms % HOUR) / MINUTE);
    return min ? `${h} h ${min} min` : `${h} h`;
  }
  const d = Math.floor(ms / DAY);
  const h = Math.floor((ms % DAY) / HOUR);
  return h ? `${d} d ${h} h` : `${d} d`;
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

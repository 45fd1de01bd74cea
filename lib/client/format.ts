/**
 * Pure formatters for the UI. No clock reads: every relative time takes `now` (ms since epoch)
 * from the caller (a ticking `useNow()` in components, a fixed value in tests), and absolute
 * times are printed in UTC so that server and browser render the same text. Durations are
 * written by the domain's one formatter (lib/domain/duration.ts).
 */
import { formatDuration } from "@/lib/domain/duration";

/** Parses an ISO time; null for missing or unparsable input (cluster data is untrusted). */
export function parseTime(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/** How long ago `iso` was, e.g. "3 h 12 min"; null when the time is unknown. */
export function formatAge(iso: string | null | undefined, now: number): string | null {
  const t = parseTime(iso);
  return t === null ? null : formatDuration(now - t);
}

/** "3 h 12 min ago", or the given fallback (default "unknown") when the time is unknown. */
export function formatAgo(iso: string | null | undefined, now: number, fallback = "unknown"): string {
  const age = formatAge(iso, now);
  return age === null ? fallback : `${age} ago`;
}

/** "2025-11-26 15:13:04 UTC": fixed format and zone, so it does not depend on the browser locale. */
export function formatTimestamp(iso: string | null | undefined): string | null {
  const t = parseTime(iso);
  if (t === null) return null;
  return `${new Date(t).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** "123456789012 / eu-west-1", with whichever half is known. */
export function formatAccountRegion(accountId: string | null, region: string | null): string | null {
  if (accountId && region) return `${accountId} / ${region}`;
  return accountId || region || null;
}

/** "1,234": counts in the summary and the table caption. */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/**
 * Pure formatters for the UI. No clock reads: every relative time takes `now` (ms since epoch)
 * from the caller (a ticking `useNow()` in components, a fixed value in tests), and absolute
 * times in a fixed format, in UTC or the browser's zone as the person chose (time-zone.ts; the
 * server always renders UTC, so hydration matches, then the browser switches). Durations are
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

export type TimeZoneChoice = "utc" | "local";

/**
 * "2025-11-26 15:13:04 UTC", or in the browser's zone "2025-11-26 16:13:04 +01:00": a fixed
 * format whatever the browser locale, the zone always written.
 */
export function formatTimestamp(iso: string | null | undefined, zone: TimeZoneChoice = "utc"): string | null {
  const t = parseTime(iso);
  if (t === null) return null;
  if (zone === "utc") return `${new Date(t).toISOString().slice(0, 19).replace("T", " ")} UTC`;
  const d = new Date(t);
  const offset = -d.getTimezoneOffset();
  const two = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, "0");
  const zoneText = `${offset < 0 ? "-" : "+"}${two(offset / 60)}:${two(offset % 60)}`;
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${zoneText}`;
}

/** "123456789012 / eu-west-1", with whichever half is known. */
export function formatAccountRegion(accountId: string | null, region: string | null): string | null {
  if (accountId && region) return `${accountId} / ${region}`;
  return accountId || region || null;
}

/**
 * One number format for every count: Number.prototype.toLocaleString makes a new formatter on
 * each call, which the page's CPU profile at 50,000 rows showed at over a second of the load
 * (the chips, the summary and "n of N" are formatted again on every fleet update).
 */
const COUNT_FORMAT = new Intl.NumberFormat("en-US");

/** "1,234": counts in the summary and the table caption. */
export function formatCount(n: number): string {
  return COUNT_FORMAT.format(n);
}

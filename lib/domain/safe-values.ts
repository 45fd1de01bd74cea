/**
 * Defensive readers for values that come from a Kubernetes API server or from AWS.
 * The API server only checks the CRD's OpenAPI schema (types, not sizes or content), and any
 * client with write access to the status subresource can put anything there, so every string
 * that reaches the UI is capped and stripped of invisible control characters here, once.
 * Pure: no I/O, no clock.
 */

/** Caps chosen well above anything ACK or Lambda write, well below what hurts a table row. */
export const TEXT_LIMIT = {
  name: 253, // DNS-1123 subdomain (Kubernetes object names)
  token: 128, // condition type/status, uid, state, reason codes
  arn: 256, // Lambda ARNs are at most 140 characters
  reason: 1024, // ACK puts whole AWS error strings into Synced.reason
  message: 2048,
  annotation: 4096,
} as const;

/** C0/C1 control characters except tab and newline, plus bidi overrides used to spoof text. */
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Cuts to `max` characters (not splitting a surrogate pair) and marks the cut with "…". */
function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * A string field, cleaned and capped; anything else (number, object, null) gives null.
 * HTML is kept as text on purpose: the UI renders it as text, and rewriting it would lose
 * the controller's original message.
 */
export function safeText(value: unknown, max: number): string | null {
  if (typeof value !== "string") return null;
  // Cap before the regex so a 10 MB hostile message costs little.
  const cleaned = capText(value.slice(0, max * 2 + 16).replace(INVISIBLE, ""), max);
  return cleaned;
}

/** Like safeText, but an empty string is treated as absent. */
export function safeToken(value: unknown, max: number = TEXT_LIMIT.token): string | null {
  const text = safeText(value, max);
  return text === null || text.trim() === "" ? null : text;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Own property only: a hostile object's prototype chain is never consulted. */
export function field(obj: unknown, key: string): unknown {
  if (!isRecord(obj) || !Object.prototype.hasOwnProperty.call(obj, key)) return undefined;
  return obj[key];
}

/** RFC 3339 as Kubernetes writes it, and ISO 8601 with "+0000" as Lambda's LastModified does. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses a timestamp to epoch milliseconds; null for anything else. */
export function parseTime(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const utc = secondsUtc(value);
  return utc === null ? parseTimeAnyForm(value) : utc;
}

function parseTimeAnyForm(value: string): number | null {
  if (value.length > 40 || !TIMESTAMP.test(value)) return null;
  const withColon = value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
  const ms = Date.parse(withColon);
  return Number.isFinite(ms) ? ms : null;
}

/** A timestamp normalised to `toISOString()` form, or null. */
export function safeTimestamp(value: unknown): string | null {
  if (typeof value !== "string") return null;
  // Kubernetes' own form is that form but for the milliseconds; that form is itself.
  if (secondsUtc(value) !== null) return value.length === 20 ? `${value.slice(0, 19)}.000Z` : value;
  const ms = parseTimeAnyForm(value);
  return ms === null ? null : isoTime(ms);
}

/**
 * `new Date(ms).toISOString()` for whole milliseconds from 1970 to 9999 worked out here (the
 * civil-from-days algorithm), without a Date: every Function's row and conditions carry such
 * times, and in the server Next.js wraps the Date constructor (a check per `new Date`). Any other
 * value, NaN too (a RangeError, as before), goes to the Date.
 */
export function isoTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= 253_402_300_800_000) return new Date(ms).toISOString();
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  // Howard Hinnant's civil_from_days, for days since 1970-01-01 (eras of 400 years from 0000-03-01).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}.${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
}

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The digits of `s` from `at` to `at + n` as a number, or -1 when one is not a digit. */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * The form Kubernetes writes every timestamp in (metav1.Time: RFC 3339 in UTC to the second,
 * "2024-05-01T12:00:00Z"), and the one safeTimestamp gives ("2024-05-01T12:00:00.000Z", read
 * again by the verdicts and the conditions' times), read without a regular expression,
 * Date.parse or a Date: a Function object carries several, and reading them was the largest
 * single cost of reading an object at a cold start. Only what Date.parse reads as written
 * (fields in range, a year from 1000) is taken here: null sends anything else, a day past its
 * month's end too (Date.parse rolls it over), the slow way, so the result is always the same
 * as that way's.
 */
function secondsUtc(s: string): number | null {
  const millis = s.length === 24 && s[19] === "." ? digits(s, 20, 3) : s.length === 20 ? 0 : -1;
  if (millis < 0 || s.charCodeAt(s.length - 1) !== 90 /* Z */ || s[4] !== "-" || s[7] !== "-" || s[10] !== "T" || s[13] !== ":" || s[16] !== ":") return null;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0)) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

export function safeInteger(value: unknown): number | null {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

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
  if (typeof value !== "string" || value.length > 40 || !TIMESTAMP.test(value)) return null;
  const withColon = value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
  const ms = Date.parse(withColon);
  return Number.isFinite(ms) ? ms : null;
}

/** A timestamp normalised to `toISOString()` form, or null. */
export function safeTimestamp(value: unknown): string | null {
  const ms = parseTime(value);
  return ms === null ? null : new Date(ms).toISOString();
}

export function safeInteger(value: unknown): number | null {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

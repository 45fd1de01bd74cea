/**
 * Removes credentials from a text before it reaches a log line, an error answer or the browser:
 * bearer and basic tokens, and `token=`, `password:` or `secret=` values (client-node and the
 * AWS SDK put request details in their error messages).
 */
import "server-only";

export function redact(text: string): string {
  return text
    .replace(/(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, "$1 [redacted]")
    .replace(/(token|password|secret)([=:]\s*)[^\s,;&"]+/gi, "$1$2[redacted]");
}

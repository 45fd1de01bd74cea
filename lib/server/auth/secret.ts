import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether a secret sent with a request is the expected one, in constant time (node's
 * timingSafeEqual over SHA-256 digests, so neither where they differ nor their lengths leak).
 */
export function secretMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = createHash("sha256").update(given, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}

/**
 * Whether a request path holds a malformed percent-encoding (`%ZZ`, a cut multi-byte
 * sequence): Next.js cannot decode such a path into a dynamic route's parameters and would
 * answer a bare 500. The proxy refuses it first (proxy.ts). Pure.
 */
import "server-only";

export function hasMalformedEncoding(pathname: string): boolean {
  for (const segment of pathname.split("/")) {
    if (!segment.includes("%")) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return true;
    }
  }
  return false;
}

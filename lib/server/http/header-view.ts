import "server-only";

/**
 * What the request gate, authentication, the request log and the duration metric read of a
 * request's headers: `get` by name, as a fetch `Headers` answers it (null when absent). A
 * route's `Request.headers` is one; the list fast lane (./list-fast-lane.ts) passes a view of
 * node's own parsed headers instead of copying them into a `Headers` and a `Request` per answer
 * (under 32 clients the copy, its validation and the Request's AbortSignal were ~0.45 ms of
 * the lane's ~2.8 ms an answer in a CPU profile on the loaded development machine).
 */
export type HeaderReader = Pick<Headers, "get">;

/** What the request log and the duration metric read of a request (./respond.ts apiRequestStarted). */
export interface RequestView {
  readonly method: string;
  /** Absolute, as a fetch Request's url. */
  readonly url: string;
  readonly headers: HeaderReader;
}

/**
 * node's parsed request headers (names lowercase; repeated ones joined by ", ", as a
 * `Headers` built from them joins them), with `fallback`'s value for a name the request does
 * not carry. Read when asked, never copied.
 */
export function nodeHeaderView(headers: Readonly<Record<string, string | string[] | undefined>>, fallback: (name: string) => string | null = () => null): HeaderReader {
  return {
    get(name: string): string | null {
      const key = name.toLowerCase();
      const v = headers[key];
      if (v === undefined) return fallback(key);
      return Array.isArray(v) ? v.join(", ") : v;
    },
  };
}

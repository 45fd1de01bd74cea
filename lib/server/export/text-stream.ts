import "server-only";
import type { AuditEntry } from "@/lib/domain/wire/audit";
import type { AuditFilter, AuditLog } from "../store/audit";

/**
 * A response body written as the consumer reads it: one chunk of the iterator per pull, so a
 * slow download holds one chunk in memory, not the whole export.
 */
export function textStream(chunks: Iterator<string> | AsyncIterator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return?.();
    },
  });
}

/** Items joined into chunks of `size`, each chunk one string. */
export async function* chunked<T>(items: Iterable<T> | AsyncIterable<T>, render: (item: T) => string, size = 500): AsyncGenerator<string> {
  let buf: string[] = [];
  for await (const item of items) {
    buf.push(render(item));
    if (buf.length >= size) {
      yield buf.join("");
      buf = [];
    }
  }
  if (buf.length) yield buf.join("");
}

/**
 * Every audit entry the filter matches, newest first, read a page at a time from the store
 * (whose list answers at most 10,000): the next page is the entries at or before the oldest
 * time of the last one, less those already given at that very time.
 */
export async function* allAuditEntries(audit: Pick<AuditLog, "list">, filter: Omit<AuditFilter, "limit">, pageSize = 5_000): AsyncGenerator<AuditEntry> {
  let until = filter.until;
  let seenAtUntil = new Set<string>();
  for (;;) {
    const page = await audit.list({ ...filter, until, limit: pageSize });
    const fresh = page.filter((e) => !seenAtUntil.has(e.id));
    yield* fresh;
    if (page.length < pageSize) return;
    const oldest = page[page.length - 1].at;
    if (fresh.length === 0) throw new Error(`more than ${pageSize} audit entries at ${oldest}: cannot page past them`);
    const atOldest = page.filter((e) => e.at === oldest).map((e) => e.id);
    seenAtUntil = until === oldest ? new Set([...seenAtUntil, ...atOldest]) : new Set(atOldest);
    until = oldest;
  }
}

/** The items `visible` allows, in order, as they are read. */
export async function* visibleOnly<T>(items: AsyncIterable<T>, visible: (item: T) => Promise<boolean>): AsyncGenerator<T> {
  for await (const item of items) if (await visible(item)) yield item;
}

/** At most the first `n` items, reading no further (the source generator is closed after). */
export async function* take<T>(items: AsyncIterable<T>, n: number): AsyncGenerator<T> {
  if (n <= 0) return;
  let count = 0;
  for await (const item of items) {
    yield item;
    if (++count >= n) return;
  }
}

/** The first `n` items as an array. */
export async function firstOf<T>(items: AsyncIterable<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  for await (const item of take(items, n)) out.push(item);
  return out;
}

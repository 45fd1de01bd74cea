/**
 * Reads a Server-Sent Events stream in the background, for tests that watch a live stream over
 * HTTP: `events` grows as named events arrive, until the server ends it or `close()` aborts it.
 */
export interface StreamEvent {
  id?: string;
  event?: string;
  data?: string;
}

export function readSse(url: string, headers: Record<string, string> = {}): { events: StreamEvent[]; close(): void } {
  const events: StreamEvent[] = [];
  const ac = new AbortController();
  void (async () => {
    try {
      const res = await fetch(url, { headers, signal: ac.signal });
      const decoder = new TextDecoder();
      let buffered = "";
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffered.indexOf("\n\n")) >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const ev: StreamEvent = {};
          for (const line of block.split("\n")) {
            if (line.startsWith("id: ")) ev.id = line.slice(4);
            else if (line.startsWith("event: ")) ev.event = line.slice(7);
            else if (line.startsWith("data: ")) ev.data = line.slice(6);
          }
          if (ev.event) events.push(ev);
        }
      }
    } catch {
      /* the server went away or the test closed the stream */
    }
  })();
  return { events, close: () => ac.abort() };
}

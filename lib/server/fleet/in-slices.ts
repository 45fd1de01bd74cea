import "server-only";

/**
 * Runs `each` over `items`, `size` at a time, one slice per turn of the event loop
 * (setImmediate), so that requests and pushes are answered in between: background work over the
 * whole fleet (10,000-50,000 Functions) in one go holds the one event loop for 100 ms and more,
 * and every request waiting meanwhile pays for it. Returns a function that stops what is left.
 */
export function inSlices<T>(items: readonly T[], size: number, each: (item: T) => void, done: () => void = () => {}): () => void {
  let at = 0;
  let timer: NodeJS.Immediate | null = null;
  const step = () => {
    timer = null;
    const end = Math.min(at + size, items.length);
    for (; at < end; at++) each(items[at]);
    if (at < items.length) timer = setImmediate(step);
    else done();
  };
  step();
  return () => {
    if (timer) clearImmediate(timer);
    timer = null;
  };
}

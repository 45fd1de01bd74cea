import "server-only";
import { performance } from "node:perf_hooks";

/**
 * Runs `each` over `items`, `size` at a time, one slice per turn of the event loop
 * (setImmediate), so that requests and pushes are answered in between: background work over the
 * whole fleet (10,000-50,000 Functions) in one go holds the one event loop for 100 ms and more,
 * and every request waiting meanwhile pays for it. Returns a function that stops what is left.
 *
 * With `sliceMs`, a slice also ends once it has run that long (the clock is read every few
 * items): what one item costs varies with the item and with the machine. At 50,000 Functions on
 * a busy 2-core machine, the verdict sweep's fixed slices of 250 held the loop 40-110 ms each,
 * and each live push waiting behind one paid for it.
 */
export interface SliceOptions {
  /** Items per slice at most. */
  size: number;
  /** A slice ends after this long (ms), however few items it took. */
  sliceMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

/** Items between two readings of the clock, within a slice sized by time. */
const CLOCK_EVERY = 8;

export function inSlices<T>(items: readonly T[], slice: number | SliceOptions, each: (item: T) => void, done: () => void = () => {}): () => void {
  const { size, sliceMs, now = () => performance.now() } = typeof slice === "number" ? { size: slice } : slice;
  let at = 0;
  let timer: NodeJS.Immediate | null = null;
  const step = () => {
    timer = null;
    const end = Math.min(at + size, items.length);
    const until = sliceMs === undefined ? Infinity : now() + sliceMs;
    for (let n = 1; at < end; at++, n++) {
      each(items[at]);
      if (n % CLOCK_EVERY === 0 && now() >= until) {
        at++;
        break;
      }
    }
    if (at < items.length) timer = setImmediate(step);
    else done();
  };
  step();
  return () => {
    if (timer) clearImmediate(timer);
    timer = null;
  };
}

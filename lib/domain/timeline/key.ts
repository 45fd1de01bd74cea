/**
 * Deterministic keys for timeline entries: writing the same observation twice (a relist, a
 * restart, two replicas watching the same cluster) gives the same key, and the store ignores
 * the second write. Pure, no I/O; works the same in the browser and on the server.
 */

/** cyrb53 (public domain, bryc): a fast 53-bit string hash. Two seeds give ~106 bits. */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

function hashText(text: string): string {
  return cyrb53(text, 0).toString(36) + cyrb53(text, 0x9e3779b9).toString(36);
}

/**
 * The key of a lane's next value: the lane's previous key chained with the new value, so the
 * same value coming back later (True, False, True) is a new entry, while the same transition
 * seen twice is not.
 */
export function chainKey(prefix: string, previousKey: string | null, value: unknown): string {
  return `${prefix}#${hashText(`${previousKey ?? "-"}\u0000${JSON.stringify(value)}`)}`;
}

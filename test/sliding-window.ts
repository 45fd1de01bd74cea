/** The most events in any half-open one-second window [s, s + 1000) (the worst starts at an event). */
export function maxInAnyWindow(times: number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let j = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (sorted[j] <= sorted[i] - windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

/**
 * What a malloc arena of a running process holds, judged by its bytes (`/proc/<pid>/mem`, read
 * by `npm run bench:rss` while the server runs): how much is zero (touched, then freed and
 * cleared, or never written), how much is printable text, and how many times it holds markers
 * of the texts the server handles: the list's rows (`"awsName":"`, once per row in a row's
 * JSON), Kubernetes' Function objects (`"kind":"Function"`), AWS's GetFunction and
 * ListFunctions answers (`"FunctionName":"`). Freed memory keeps its old bytes, so the markers
 * say what the arena's memory was last used for, live or not.
 */
import fs from "node:fs";

const MARKERS = { rowJson: '"awsName":"', kubeFunction: '"kind":"Function"', awsFunction: '"FunctionName":"' };

export interface ArenaContent {
  start: string;
  main: boolean;
  residentMb: number;
  readMb: number;
  zeroPct: number;
  textPct: number;
  markers: Record<keyof typeof MARKERS, number>;
  /** The most frequent runs of printable text (16 characters or more, cut at 80): what the text is. */
  commonText: Array<{ text: string; count: number }>;
}

export function arenaContent(pid: number, place: { start: string; bytes: number; rssKb: number; main?: true }): ArenaContent {
  const fd = fs.openSync(`/proc/${pid}/mem`, "r");
  const chunk = Buffer.alloc(1 << 20);
  let read = 0;
  let zero = 0;
  let text = 0;
  const markers = { rowJson: 0, kubeFunction: 0, awsFunction: 0 };
  const runs = new Map<string, number>();
  try {
    for (let off = 0; off < place.bytes; off += chunk.length) {
      let n = 0;
      try {
        n = fs.readSync(fd, chunk, 0, Math.min(chunk.length, place.bytes - off), Number(BigInt(place.start) + BigInt(off)));
      } catch {
        break; // the mapping changed meanwhile
      }
      read += n;
      for (let i = 0; i < n; i++) {
        const b = chunk[i];
        if (b === 0) zero++;
        else if ((b >= 0x20 && b < 0x7f) || b === 0x0a) text++;
      }
      const s = chunk.toString("latin1", 0, n);
      for (const [k, m] of Object.entries(MARKERS)) {
        for (let i = s.indexOf(m); i >= 0; i = s.indexOf(m, i + m.length)) markers[k as keyof typeof MARKERS]++;
      }
      for (const run of s.match(/[\x20-\x7e]{16,}/g) ?? []) {
        const key = run.slice(0, 80);
        if (runs.size < 200_000 || runs.has(key)) runs.set(key, (runs.get(key) ?? 0) + 1);
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  const commonText = [...runs]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([t, count]) => ({ text: t, count }));
  const pct = (n: number) => (read ? Math.round((n / read) * 1000) / 10 : 0);
  return { start: place.start, main: Boolean(place.main), residentMb: Math.round(place.rssKb / 1024), readMb: Math.round(read / 2 ** 20), zeroPct: pct(zero), textPct: pct(text), markers, commonText };
}

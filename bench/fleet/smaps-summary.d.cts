/** Types of ./smaps-summary.cjs (plain CommonJS, so that memory-probe.cjs can preload it). */
export interface SmapsSummary {
  rssKb: number;
  kinds: Record<string, { rssKb: number; mappings: number }>;
  arenas: { count: number; rssKb: number; eachKb: number[] };
  arenaPlaces: Array<{ start: string; bytes: number; rssKb: number; main?: true }>;
}
export function summarizeSmaps(text: string, execPath: string): SmapsSummary;

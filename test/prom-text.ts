/**
 * A reader of the Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/), for tests that hold
 * GET /metrics to the metric catalogue: families with their TYPE and HELP, and every sample
 * with its labels (escapes undone) and value.
 */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PromText {
  types: Map<string, string>;
  helps: Map<string, string>;
  samples: PromSample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/gy;

function unescape(v: string): string {
  return v.replace(/\\(n|\\|")/g, (_, c: string) => (c === "n" ? "\n" : c));
}

export function parsePromText(text: string): PromText {
  const types = new Map<string, string>();
  const helps = new Map<string, string>();
  const samples: PromSample[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const meta = /^# (TYPE|HELP) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      (meta[1] === "TYPE" ? types : helps).set(meta[2], meta[3]);
      continue;
    }
    if (line.startsWith("#")) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line.slice(0, 200)}`);
    const labels: Record<string, string> = {};
    if (m[3]) {
      LABEL.lastIndex = 0;
      let l: RegExpExecArray | null;
      let end = 0;
      while ((l = LABEL.exec(m[3])) !== null) {
        labels[l[1]] = unescape(l[2]);
        end = LABEL.lastIndex;
      }
      if (end !== m[3].length) throw new Error(`malformed labels: ${m[3].slice(0, 200)}`);
    }
    const value = m[4] === "+Inf" ? Infinity : m[4] === "-Inf" ? -Infinity : Number(m[4]);
    samples.push({ name: m[1], labels, value });
  }
  return { types, helps, samples };
}

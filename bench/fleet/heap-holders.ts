/**
 * Where a heap snapshot's bytes are, by the object of a class that holds them:
 *   tsx bench/fleet/heap-holders.ts FILE.heapsnapshot [--top N] [--per N]
 * Every object is counted once, under the nearest object of a named class (not Object, Array,
 * Map... : e.g. TimelineRecorder, RowIndex, LiveHub) on its shortest path from the roots
 * (breadth first, weak edges left out), as "Class.property" (the holder's property the path
 * leaves it by). Self sizes summed, so the figures add up to the heap; `--per N` divides them
 * (e.g. by the fleet's size: bytes per Function). What bench:rss --keep-snapshot writes is such a file.
 */
import fs from "node:fs";

interface HeapSnapshotFile {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]]; edge_fields: string[]; edge_types: [string[], ...unknown[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** Built-in constructors and V8's internal kinds: never a holder of their own. */
const NOT_HOLDERS = new Set(["Object", "Array", "Map", "Set", "WeakMap", "WeakSet", "Function", "Promise", "Error", "Date", "RegExp", "Buffer", "Uint8Array", "ArrayBuffer", "FastBuffer", "Symbol", "Number", "String", "Boolean", "global", "Window", "Generator", "AsyncGenerator"]);

export interface Holder {
  holder: string;
  bytes: number;
  count: number;
}

export function heapHolders(file: string): { total: number; holders: Holder[] } {
  const snap = JSON.parse(fs.readFileSync(file, "utf8")) as HeapSnapshotFile;
  const nf = snap.snapshot.meta.node_fields;
  const ef = snap.snapshot.meta.edge_fields;
  const nodeTypes = snap.snapshot.meta.node_types[0];
  const edgeTypes = snap.snapshot.meta.edge_types[0];
  const W = nf.length;
  const EW = ef.length;
  const TYPE = nf.indexOf("type");
  const NAME = nf.indexOf("name");
  const SIZE = nf.indexOf("self_size");
  const EDGES = nf.indexOf("edge_count");
  const ETYPE = ef.indexOf("type");
  const ENAME = ef.indexOf("name_or_index");
  const ETO = ef.indexOf("to_node");
  const nodes = snap.nodes;
  const edges = snap.edges;
  const count = nodes.length / W;
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += nodes[i * W + EDGES] * EW;
    firstEdge[i + 1] = e;
  }
  const label = new Int32Array(count).fill(-1);
  const labels: string[] = ["(roots)"];
  const labelIds = new Map<string, number>([["(roots)", 0]]);
  const labelOf = (s: string) => {
    let id = labelIds.get(s);
    if (id === undefined) labelIds.set(s, (id = labels.push(s) - 1));
    return id;
  };
  const isHolder = (n: number) => {
    const type = nodeTypes[nodes[n * W + TYPE]];
    if (type !== "object") return false;
    const name = snap.strings[nodes[n * W + NAME]];
    return /^[A-Z_$][\w$]*$/.test(name) && !NOT_HOLDERS.has(name);
  };
  const queue = new Uint32Array(count);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  label[0] = 0;
  while (head < tail) {
    const n = queue[head++];
    const holder = isHolder(n) ? snap.strings[nodes[n * W + NAME]] : null;
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e += EW) {
      const etype = edgeTypes[edges[e + ETYPE]];
      if (etype === "weak" || etype === "shortcut") continue;
      const to = edges[e + ETO] / W;
      if (label[to] !== -1) continue;
      if (holder) {
        const name = etype === "element" || etype === "hidden" ? "[]" : String(snap.strings[edges[e + ENAME]]).slice(0, 40);
        label[to] = labelOf(`${holder}.${name}`);
      } else label[to] = label[n];
      queue[tail++] = to;
    }
  }
  const bytes = new Float64Array(labels.length);
  const counts = new Float64Array(labels.length);
  let total = 0;
  for (let i = 0; i < count; i++) {
    const size = nodes[i * W + SIZE];
    total += size;
    const l = label[i] === -1 ? 0 : label[i];
    bytes[l] += size;
    counts[l]++;
  }
  const holders = labels.map((holder, i) => ({ holder, bytes: bytes[i], count: counts[i] })).sort((a, b) => b.bytes - a.bytes);
  return { total, holders };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1]?.endsWith("heap-holders.ts")) {
  const file = process.argv[2];
  if (!file) throw new Error("usage: heap-holders.ts FILE.heapsnapshot [--top N] [--per N]");
  const top = Number(arg("top") ?? 40);
  const per = Number(arg("per") ?? 1);
  const { total, holders } = heapHolders(file);
  console.log(`heap ${(total / 1e6).toFixed(1)} MB${per > 1 ? `, ${Math.round(total / per)} B per ${per}` : ""}`);
  for (const h of holders.slice(0, top)) {
    console.log(`${(h.bytes / 1e6).toFixed(1).padStart(7)} MB ${per > 1 ? `${Math.round(h.bytes / per).toString().padStart(6)} B ` : ""}${String(h.count).padStart(8)}  ${h.holder}`);
  }
}

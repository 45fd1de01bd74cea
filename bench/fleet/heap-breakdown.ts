/**
 * Where a heap's bytes are, by what holds them: a V8 heap snapshot (`v8.writeHeapSnapshot`)
 * summed by node type and constructor (self sizes: each object's own bytes, strings by kind,
 * arrays' backing stores as "(object elements)" and "(array)" kinds). Two snapshots subtracted
 * give what was added between them. Used by `npm run bench:memory -- --heap-snapshot`.
 */
import fs from "node:fs";

interface HeapSnapshotFile {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Self bytes by "type constructor" (e.g. "object Object", "string", "array (object elements)"). */
export function bytesByKind(file: string): Map<string, { bytes: number; count: number }> {
  const snap = JSON.parse(fs.readFileSync(file, "utf8")) as HeapSnapshotFile;
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const types = snap.snapshot.meta.node_types[0];
  const out = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]];
    // Strings by kind, not by content; objects and arrays by constructor or internal name.
    const key = type.includes("string") ? type : `${type} ${snap.strings[snap.nodes[i + nameAt]].slice(0, 60)}`;
    const cur = out.get(key) ?? { bytes: 0, count: 0 };
    cur.bytes += snap.nodes[i + sizeAt];
    cur.count++;
    out.set(key, cur);
  }
  return out;
}

/** What `after` holds more than `before`, largest first, per `per` (e.g. per Function). */
export function addedPer(before: Map<string, { bytes: number; count: number }>, after: Map<string, { bytes: number; count: number }>, per: number, top = 20) {
  const rows = [...after].map(([kind, a]) => {
    const b = before.get(kind) ?? { bytes: 0, count: 0 };
    return { kind, bytesPer: Math.round((a.bytes - b.bytes) / per), countPer: Math.round(((a.count - b.count) / per) * 10) / 10 };
  });
  return rows.sort((x, y) => y.bytesPer - x.bytesPer).slice(0, top);
}

/**
 * Manifest files as `kubectl apply -f` reads them: every *.yaml, *.yml and *.json under the
 * given paths (folders recursively, hidden folders and node_modules skipped; "-" is stdin),
 * each split into its YAML documents. Parsed as YAML 1.1, the dialect of sigs.k8s.io/yaml
 * (go-yaml v2) that kubectl decodes with, so `on`/`yes` mean what kubectl makes of them.
 * Every document keeps its syntax tree and a line counter, for file:line in every message.
 */
import fs from "node:fs";
import path from "node:path";
import { type Document, LineCounter, isMap, isScalar, isSeq, parseAllDocuments } from "yaml";
import type { SourceLocation } from "../report/model";

export interface ManifestDocument {
  file: string;
  /** 1-based position of the document in its file. */
  index: number;
  /** Where the document starts. */
  location: SourceLocation;
  /** The plain value, or null when the document has syntax errors. */
  value: unknown;
  syntaxErrors: Array<{ message: string; location: SourceLocation }>;
  /** Position of a field (or of the nearest parent that exists). */
  locate(fieldPath: ReadonlyArray<string | number>): SourceLocation;
}

export interface ManifestRead {
  documents: ManifestDocument[];
  /** Files or paths that could not be read: the lint is incomplete. */
  unreadable: Array<{ path: string; message: string }>;
  files: string[];
}

const EXTENSIONS = new Set([".yaml", ".yml", ".json"]);

function collectFiles(root: string, out: string[], unreadable: ManifestRead["unreadable"]): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch (err) {
    unreadable.push({ path: root, message: (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or folder" : (err as Error).message });
    return;
  }
  if (stat.isFile()) {
    out.push(root);
    return;
  }
  if (!stat.isDirectory()) return;
  for (const entry of fs.readdirSync(root, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) collectFiles(full, out, unreadable);
    else if (entry.isFile() && EXTENSIONS.has(path.extname(entry.name).toLowerCase())) out.push(full);
  }
}

function locator(doc: Document, lc: LineCounter, file: string) {
  return (fieldPath: ReadonlyArray<string | number>): SourceLocation => {
    let node: unknown = doc.contents;
    let offset = doc.range?.[0] ?? 0;
    if (isMap(node) || isSeq(node)) offset = node.range?.[0] ?? offset;
    for (const segment of fieldPath) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        offset = (pair.key as { range?: [number, number, number] }).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number" && node.items[segment]) {
        const item = node.items[segment] as { range?: [number, number, number] };
        offset = item.range?.[0] ?? offset;
        node = item;
      } else {
        break;
      }
    }
    const { line, col } = lc.linePos(offset);
    return { file, line, column: col };
  };
}

export function parseManifestText(text: string, file: string): ManifestDocument[] {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, version: "1.1", prettyErrors: true });
  const list = Array.isArray(docs) ? docs : [];
  const out: ManifestDocument[] = [];
  list.forEach((doc, i) => {
    // A document of comments only, or the empty one after a trailing "---", applies nothing.
    if (doc.contents === null && doc.errors.length === 0) return;
    const syntaxErrors = doc.errors.map((e) => {
      const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
      return { message: e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""), location: { file, line: pos.line, column: pos.col } };
    });
    let value: unknown = null;
    if (syntaxErrors.length === 0) {
      try {
        value = doc.toJS({ maxAliasCount: 100 });
      } catch (err) {
        syntaxErrors.push({ message: (err as Error).message.split("\n")[0], location: locator(doc, lc, file)([]) });
      }
    }
    const locate = locator(doc, lc, file);
    out.push({ file, index: i + 1, location: locate([]), value, syntaxErrors, locate });
  });
  return out;
}

export function readManifests(paths: string[], readStdin: () => string): ManifestRead {
  const files: string[] = [];
  const unreadable: ManifestRead["unreadable"] = [];
  for (const p of paths) {
    if (p === "-") files.push("-");
    else collectFiles(p, files, unreadable);
  }
  const documents: ManifestDocument[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = file === "-" ? readStdin() : fs.readFileSync(file, "utf8");
    } catch (err) {
      unreadable.push({ path: file, message: (err as Error).message });
      continue;
    }
    documents.push(...parseManifestText(text, file === "-" ? "<stdin>" : file));
  }
  return { documents, unreadable, files };
}

import "server-only";
import { csvLine } from "@/lib/domain/export/csv";
import { HttpError } from "../http/errors";
import { chunked, textStream } from "./text-stream";

/** The formats of the tabular exports, from ?format= (default csv). */
export type TableFormat = "csv" | "json";

/** Reads ?format= and removes it from `params`, so what remains is the export's filter. */
export function takeTableFormat(params: URLSearchParams): TableFormat {
  const f = params.get("format") ?? "csv";
  if (f !== "csv" && f !== "json") throw new HttpError(400, "bad_request", `format is csv or json (got "${f.slice(0, 20)}")`);
  params.delete("format");
  return f;
}

/** A streamed download's response: its type, a file name with the time, never cached. */
export function download(body: ReadableStream<Uint8Array>, what: string, format: TableFormat | "tar.gz", now: Date): Response {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const type = format === "csv" ? "text/csv; charset=utf-8" : format === "json" ? "application/json" : "application/gzip";
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": type,
      "Content-Disposition": `attachment; filename="${what}-${stamp}.${format}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** A JSON array written item by item: "[", the items separated by commas, "]". */
export async function* jsonArray<T>(items: Iterable<T> | AsyncIterable<T>, size = 500): AsyncGenerator<string> {
  let first = true;
  let buf: string[] = ["["];
  for await (const item of items) {
    buf.push(`${first ? "" : ","}\n${JSON.stringify(item)}`);
    first = false;
    if (buf.length >= size) {
      yield buf.join("");
      buf = [];
    }
  }
  buf.push("\n]\n");
  yield buf.join("");
}

type Cell = string | number | boolean | null | undefined;

/** A table's body, streamed: CSV (the header, then one line per item) or the JSON array of the items. */
export function tableBody<T>(format: TableFormat, items: Iterable<T> | AsyncIterable<T>, csv: { columns: readonly string[]; cells: (item: T) => readonly Cell[] }): ReadableStream<Uint8Array> {
  if (format === "json") return textStream(jsonArray(items));
  return textStream(
    (async function* () {
      yield csvLine(csv.columns);
      yield* chunked(items, (item) => csvLine(csv.cells(item)));
    })(),
  );
}

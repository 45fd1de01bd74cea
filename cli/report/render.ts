/** Picks the output format and where it goes. */
import fs from "node:fs";
import path from "node:path";
import { renderJson } from "./json";
import { renderJunit } from "./junit";
import type { Report } from "./model";
import { renderText } from "./text";

export const FORMATS = ["text", "json", "junit"] as const;
export type Format = (typeof FORMATS)[number];

export function render(report: Report, format: Format): string {
  if (format === "json") return renderJson(report);
  if (format === "junit") return renderJunit(report);
  return renderText(report);
}

/**
 * Without an output file the report goes to stdout in the chosen format. With one, the file
 * gets the chosen format and stdout the text report, so a CI log still shows the result while
 * the JSON or JUnit file is collected as an artifact.
 */
export function emit(report: Report, format: Format, outputFile: string | null, stdout: (text: string) => void): void {
  if (!outputFile) {
    stdout(render(report, format));
    return;
  }
  fs.mkdirSync(path.dirname(path.resolve(outputFile)), { recursive: true });
  fs.writeFileSync(outputFile, render(report, format));
  stdout(renderText(report));
}

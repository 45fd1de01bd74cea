import "server-only";
import fs from "node:fs";
import Database from "better-sqlite3";

/**
 * An online backup of the SQLite store while the dashboard keeps writing to it: SQLite's backup
 * API (https://www.sqlite.org/backup.html, better-sqlite3's db.backup()), which copies the
 * database page by page and starts again from the changed pages when a writer commits in
 * between, so the copy is one consistent state (WAL included). The copy is then checked with
 * PRAGMA integrity_check. Never overwrites a file.
 */
export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
  timelineEntries: number;
  auditEntries: number;
}

export async function backupSqlite(sourceFile: string, destFile: string): Promise<BackupResult> {
  if (!fs.existsSync(sourceFile)) throw new Error(`no store at ${sourceFile}`);
  if (fs.existsSync(destFile)) throw new Error(`${destFile} exists: a backup never overwrites a file`);
  const source = new Database(sourceFile, { readonly: true, fileMustExist: true });
  let pages: number;
  try {
    source.pragma("busy_timeout = 5000");
    pages = (await source.backup(destFile)).totalPages;
  } finally {
    source.close();
  }
  const copy = new Database(destFile, { readonly: true, fileMustExist: true });
  try {
    const check = copy.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new Error(`the backup at ${destFile} fails PRAGMA integrity_check: ${String(check)}`);
    const count = (table: string) => (copy.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { file: destFile, bytes: fs.statSync(destFile).size, pages, timelineEntries: count("timeline_entries"), auditEntries: count("audit_log") };
  } finally {
    copy.close();
  }
}

import "server-only";
import { Worker } from "node:worker_threads";
import { runStatements, type SqlDb, type SqlStatement, type StatementResult, type WriteOptions } from "./sql-db";

/**
 * The timeline's writes to SQLite on a worker thread with its own better-sqlite3 connection.
 * better-sqlite3 is synchronous: on the server's one event loop, the recorder's inserts and
 * above all its COMMITs (synchronous=FULL: an fsync of the WAL each) held every request and
 * every live-stream push behind them; at 50,000 Functions 3-5 s of each 20 s went there. Here
 * the main thread only hands each transaction's statements over (one message) and hears the
 * rows they returned; the thread runs them in one transaction, in the order they came.
 *
 * Durability is unchanged: the thread's connection is synchronous=FULL as the main one, and a
 * write resolves only once its COMMIT returned. WAL mode lets the main connection read (the
 * timeline API, loadSnapshots) while the thread writes; what the thread committed is visible
 * to the next read on the main connection. Two connections write the file (the audit log,
 * approvals... stay on the main one): SQLite's write lock orders them, busy_timeout waits.
 *
 * If the thread cannot start or dies (better-sqlite3 not found from the working directory, a
 * crash), the writes in flight fail (the recorder retries them: entries are keyed, a retry never
 * doubles one) and the next ones run on the main connection, with one log line.
 */
export interface WriterThreadOptions {
  /** The database file (already opened and migrated by the main connection, in WAL mode). */
  file: string;
  /** Where writes go when the thread is not available. */
  fallback: SqlDb;
  log: (line: string) => void;
  /** The module the thread loads (resolved from the working directory); tests name a missing one. */
  module?: string;
}

/**
 * The writer's page cache, in KiB as SQLite's negative cache_size counts it. better-sqlite3 builds
 * SQLite with 16 MB a connection (deps/defines.gypi, SQLITE_DEFAULT_CACHE_SIZE=-16000); the
 * writer only appends entries and their index keys, and its cache's pages live in the thread's
 * own malloc arena, where they stayed resident (README, "Round 7: memory"). SQLite's own default is 2,000 KiB.
 */
const WRITER_CACHE_KIB = -2000;

type Reply = { id: number; results: StatementResult[] } | { id: number; error: string };

/**
 * The thread's code, CommonJS evaluated by Node (`eval: true`): a file of its own would have to
 * be found next to the bundled server chunks at run time. `require` resolves from the working
 * directory (the standalone server changes to its own folder, which holds node_modules).
 */
const THREAD_SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.pragma("busy_timeout = 5000");
db.pragma("cache_size = ${WRITER_CACHE_KIB}");
const prepared = new Map();
function statement(sql) {
  let s = prepared.get(sql);
  if (!s) {
    if (prepared.size > 200) prepared.clear();
    s = db.prepare(sql);
    prepared.set(sql, s);
  }
  return s;
}
function run(s) {
  const st = statement(s.sql);
  if (s.rows) return { rows: st.reader ? st.all(...s.params) : (st.run(...s.params), []), changes: 0 };
  return { rows: [], changes: st.run(...s.params).changes };
}
parentPort.on("message", (m) => {
  if (m.close) {
    db.close();
    parentPort.close();
    return;
  }
  let results;
  try {
    db.exec("BEGIN IMMEDIATE");
    try {
      results = m.statements.map(run);
      db.exec("COMMIT");
    } catch (err) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw err;
    }
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String((err && err.message) || err) });
    return;
  }
  parentPort.postMessage({ id: m.id, results });
});
`;

export class SqliteWriterThread {
  private worker: Worker | null = null;
  private broken = false;
  private exited = false;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: StatementResult[]) => void; reject: (e: Error) => void }>();
  private closing: Promise<void> | null = null;

  constructor(private readonly opts: WriterThreadOptions) {}

  /** True while writes go to the thread (started at the first write), false once it failed. */
  get offThread(): boolean {
    return !this.broken;
  }

  /** Runs the statements in one transaction; resolves once it committed. */
  readonly write = (statements: SqlStatement[], opts?: WriteOptions): Promise<StatementResult[]> => {
    if (this.closing) return Promise.reject(new Error("the timeline writer is closed"));
    const worker = this.broken ? null : this.start();
    if (!worker) return runStatements(this.opts.fallback, statements, opts);
    const id = this.nextId++;
    return new Promise<StatementResult[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Referenced while a write is in flight (a script awaiting its last write does not exit), idle otherwise.
      worker.ref();
      worker.postMessage({ id, statements });
    });
  };

  /** Waits for the writes handed over (they are committed, in order), then ends the thread. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    const worker = this.worker;
    if (!worker || this.exited) return (this.closing = Promise.resolve());
    this.closing = new Promise<void>((resolve) => {
      worker.once("exit", () => resolve());
      worker.ref();
      worker.postMessage({ close: true });
    });
    return this.closing;
  }

  private start(): Worker | null {
    if (this.worker) return this.worker;
    try {
      const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { file: this.opts.file, module: this.opts.module ?? "better-sqlite3" } });
      worker.unref();
      worker.on("message", (m: Reply) => this.settle(worker, m));
      worker.on("error", (err) => this.fail(`${err.message}`));
      worker.on("exit", (code) => {
        this.exited = true;
        if (!this.closing) this.fail(`the writer thread exited (code ${code})`);
      });
      this.worker = worker;
      return worker;
    } catch (err) {
      this.fail((err as Error).message);
      return null;
    }
  }

  private settle(worker: Worker, m: Reply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (this.pending.size === 0 && !this.closing) worker.unref();
    if ("error" in m) p.reject(new Error(m.error));
    else p.resolve(m.results);
  }

  private fail(reason: string): void {
    if (!this.broken) this.opts.log(`[timeline] the SQLite writer thread is not available, writing on the main thread: ${reason}`);
    this.broken = true;
    const err = new Error(`the SQLite writer thread stopped: ${reason}`);
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

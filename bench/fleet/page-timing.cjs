/**
 * Preloaded into the standalone server by browser-only.ts `--page-timing` (`node -r`), without
 * touching the server's code: for every page request (GET of a path outside /api and /_next, not
 * an RSC fetch) one stderr line that splits its time to the HTML into parts:
 *
 * - firstByteMs / totalMs: the request event → the response's head written / its last byte
 *   handed to the socket; bytes: the body's bytes (as sent, compressed or not);
 * - moduleMs (modules): time inside the outermost require() calls while it was answered (a page's
 *   module loaded by its first request), and how many modules they loaded;
 * - sqliteMs (statements): time inside better-sqlite3's synchronous calls meanwhile (the
 *   timeline recorder's backlog: its transactions hold the one event loop);
 * - gcMs: garbage collection meanwhile;
 * - the rest is the render itself and whatever else ran on the loop (a CPU profile cut to
 *   fromUs-toUs, which are CLOCK_MONOTONIC microseconds as V8 stamps profiles, names it).
 *
 * Times overlap other requests answered at once; the benchmark's page request is alone.
 */
const { performance, PerformanceObserver } = require("node:perf_hooks");
const Module = require("node:module");
const http = require("node:http");

const monoUs = () => Number(process.hrtime.bigint() / 1000n);
const open = new Set();
const charge = (key, ms, n) => {
  for (const r of open) {
    r[key] += ms;
    if (n) r.counts[key] = (r.counts[key] ?? 0) + n;
  }
};

// require(): only the outermost call is timed (nested ones are inside it).
const load = Module._load;
let depth = 0;
let loaded = 0;
Module._load = function (request, ...rest) {
  loaded++;
  if (depth > 0 || open.size === 0) {
    depth++;
    try {
      return wrapSqlite(request, load.call(this, request, ...rest));
    } finally {
      depth--;
    }
  }
  const t = performance.now();
  const before = loaded;
  depth++;
  try {
    return wrapSqlite(request, load.call(this, request, ...rest));
  } finally {
    depth--;
    charge("moduleMs", performance.now() - t, 0);
    for (const r of open) r.modules += loaded - before;
  }
};

// better-sqlite3: every synchronous call of a Database or a Statement.
let sqliteWrapped = false;
function timed(proto, name) {
  const f = proto[name];
  if (typeof f !== "function") return;
  proto[name] = function (...args) {
    if (open.size === 0) return f.apply(this, args);
    const t = performance.now();
    try {
      return f.apply(this, args);
    } finally {
      charge("sqliteMs", performance.now() - t, 1);
    }
  };
}
function wrapSqlite(request, exported) {
  if (sqliteWrapped || request !== "better-sqlite3" || typeof exported !== "function") return exported;
  sqliteWrapped = true;
  const DB = exported.prototype;
  for (const m of ["exec", "pragma"]) timed(DB, m);
  const prepare = DB.prepare;
  let statementWrapped = false;
  DB.prepare = function (...args) {
    const s = prepare.apply(this, args);
    if (!statementWrapped) {
      statementWrapped = true;
      const SP = Object.getPrototypeOf(s);
      for (const m of ["run", "get", "all", "iterate"]) timed(SP, m);
    }
    return s;
  };
  return exported;
}

new PerformanceObserver((list) => {
  for (const e of list.getEntries()) charge("gcMs", e.duration, 0);
}).observe({ entryTypes: ["gc"] });

const isPage = (req) => {
  if (req.method !== "GET") return false;
  const p = (req.url ?? "").split("?")[0];
  if (p.startsWith("/api/") || p.startsWith("/_next/") || p.includes(".")) return false;
  return !req.headers["rsc"] && !req.headers["next-router-prefetch"];
};

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (name, req, res) {
  if (name === "request" && isPage(req)) track(req, res);
  return emit.call(this, name, req, res);
};

function track(req, res) {
  const r = { moduleMs: 0, modules: 0, sqliteMs: 0, gcMs: 0, counts: {}, bytes: 0, firstByte: null, start: performance.now(), fromUs: monoUs() };
  open.add(r);
  const writeHead = res.writeHead;
  res.writeHead = function (...args) {
    if (r.firstByte === null) r.firstByte = performance.now();
    return writeHead.apply(this, args);
  };
  const count = (chunk, encoding) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    r.bytes += typeof chunk === "string" ? Buffer.byteLength(chunk, typeof encoding === "string" ? encoding : "utf8") : chunk.byteLength;
  };
  const write = res.write;
  res.write = function (chunk, encoding, ...rest) {
    if (r.firstByte === null) r.firstByte = performance.now();
    count(chunk, encoding);
    return write.call(this, chunk, encoding, ...rest);
  };
  const end = res.end;
  res.end = function (chunk, encoding, ...rest) {
    if (r.firstByte === null) r.firstByte = performance.now();
    count(chunk, encoding);
    return end.call(this, chunk, encoding, ...rest);
  };
  const done = () => {
    if (!open.delete(r)) return;
    const ms = (x) => Math.round(x * 10) / 10;
    const line = {
      path: req.url,
      agent: String(req.headers["user-agent"] ?? "").slice(0, 60),
      status: res.statusCode,
      firstByteMs: r.firstByte === null ? null : ms(r.firstByte - r.start),
      totalMs: ms(performance.now() - r.start),
      bytes: r.bytes,
      encoding: res.getHeader("content-encoding") ?? null,
      moduleMs: ms(r.moduleMs),
      modules: r.modules,
      sqliteMs: ms(r.sqliteMs),
      statements: r.counts.sqliteMs ?? 0,
      gcMs: ms(r.gcMs),
      fromUs: r.fromUs,
      toUs: monoUs(),
    };
    process.stderr.write(`[page-timing] ${JSON.stringify(line)}\n`);
  };
  res.once("finish", done);
  res.once("close", done);
}

/**
 * Preloaded into the standalone server by cold-start-standalone.ts (`node -r`): one stderr line
 * per start-up mark, in ms since the process started (performance.now()) with the process's CPU
 * time by then, without touching the server's code: Node ready, Next's instrumentation loaded,
 * the HTTP server listening, the first request, how many CommonJS modules were loaded by then,
 * and per API server (its Host, from Node's HTTP client diagnostics channels) when its first
 * Function list page was asked (with the CPU by then), when its first page and its last page came (a page: an answer
 * to a list of `/functions` with `limit=`), and how long the event loop stayed busy after each
 * page's answer (the page read into rows and verdicts) in all, and how many TLS connections it
 * opened; those when it exits.
 */
const { isMainThread } = require("node:worker_threads");
// Preloaded into the server's worker threads too (the timeline's SQLite writer): marks of the main thread only.
if (isMainThread) marks();

function marks() {
  const { performance } = require("node:perf_hooks");
  const Module = require("node:module");
  const http = require("node:http");
  const dc = require("node:diagnostics_channel");

  let cjs = 0;
  const cpu = () => {
    const u = process.cpuUsage();
    return Math.round((u.user + u.system) / 1000);
  };
  const mark = (what) => {
    process.stderr.write(`[boot-timing] ${what} ${Math.round(performance.now())} ms (CPU ${cpu()} ms, ${cjs} CommonJS modules)\n`);
  };
  mark("node ready");

  const load = Module._load;
  let instrumentation = false;
  Module._load = function (request, ...rest) {
    cjs++;
    if (!instrumentation && /instrumentation(\.js)?$/.test(request)) {
      instrumentation = true;
      mark("instrumentation required");
    }
    return load.call(this, request, ...rest);
  };

  const emit = http.Server.prototype.emit;
  let listening = false;
  let requested = false;
  http.Server.prototype.emit = function (name, ...args) {
    if (name === "listening" && !listening) {
      listening = true;
      mark("listening");
    }
    if (name === "request" && !requested) {
      requested = true;
      mark("first request");
    }
    return emit.call(this, name, ...args);
  };

  /** Per API server (address:port): its Function list pages, printed when the process is stopped. */
  const lists = new Map();
  const isPage = (req) => typeof req.path === "string" && /\/functions\?/.test(req.path) && /[?&]limit=/.test(req.path) && !/[?&]watch=/.test(req.path);
  dc.subscribe("http.client.request.start", ({ request }) => {
    if (!isPage(request)) return;
    request.__bootMarksPage = { asked: performance.now(), askedCpu: cpu(), server: String(request.getHeader("host") ?? request.host) };
  });
  dc.subscribe("http.client.response.finish", ({ request }) => {
    const page = request.__bootMarksPage;
    if (!page) return;
    let l = lists.get(page.server);
    if (!l) lists.set(page.server, (l = { firstAsked: page.asked, firstAskedCpu: page.askedCpu, firstAt: null, lastAt: 0, pages: 0, busyMs: 0 }));
    const at = performance.now();
    l.firstAt ??= at;
    l.lastAt = at;
    l.pages++;
    // The rest of this turn of the event loop: the answer's JSON, then the page's rows and verdicts.
    setImmediate(() => (l.busyMs += performance.now() - at));
  });

  // TLS connections opened (each a handshake and a certificate check on this event loop).
  const tls = require("node:tls");
  const tlsConnect = tls.connect;
  let tlsConnections = 0;
  tls.connect = function (...args) {
    tlsConnections++;
    return tlsConnect.apply(this, args);
  };

  let reported = false;
  const report = () => {
    if (reported) return;
    reported = true;
    mark(`${tlsConnections} TLS connections opened; stopped at`);
    for (const [server, l] of lists) {
      mark(`list of ${server}: first page asked at ${Math.round(l.firstAsked)} ms (CPU ${l.firstAskedCpu} ms), in at ${Math.round(l.firstAt)} ms, last page in at ${Math.round(l.lastAt)} ms, ${l.pages} pages, the turns that read them ${Math.round(l.busyMs)} ms; stopped at`);
    }
  };
  // At exit: the server takes every SIGTERM/SIGINT listener off for its own (lib/server/shutdown.ts).
  process.on("exit", report);
}

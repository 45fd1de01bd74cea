/**
 * Preloaded into the standalone server by cold-start-standalone.ts (`node -r`): one stderr line
 * per start-up mark, in ms since the process started (performance.now()), without touching the
 * server's code: Node ready, Next's instrumentation loaded, the HTTP server listening, the first
 * request, and how many CommonJS modules were loaded by then.
 */
const { performance } = require("node:perf_hooks");
const Module = require("node:module");
const http = require("node:http");

let cjs = 0;
const mark = (what) => {
  process.stderr.write(`[boot-timing] ${what} ${Math.round(performance.now())} ms (${cjs} CommonJS modules)\n`);
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

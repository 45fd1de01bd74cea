import "server-only";
import type { ServerApp } from "./app";
import { parseConfig, type ServerConfig } from "./config";
import { NotReadyError } from "./http/errors";
import { InFlight } from "./http/in-flight";

/**
 * The one place a server process keeps state across Next.js module reloads (development
 * re-evaluates modules; globalThis stays): the configuration parsed from process.env, and the
 * server app built from it. proxy.ts is bundled apart from the route handlers, but runs in the
 * same Node.js process (Next.js 16 Proxy, nodejs runtime): through this holder it reads the
 * very same parse.
 */
const KEY = Symbol.for("ack-lambda-fleet.server");
interface Holder {
  config?: ServerConfig;
  app?: ServerApp;
  inFlight?: InFlight;
}
const holder = ((globalThis as Record<symbol, Holder>)[KEY] ??= {});

/** The process's configuration, parsed from process.env on first use (at start, by boot.ts). Throws ConfigError. */
export function processConfig(): ServerConfig {
  holder.config ??= parseConfig(process.env);
  return holder.config;
}

/** The running app: what route handlers serve from. 503 (NotReadyError) before boot installed it. */
export function serverApp(): ServerApp {
  if (!holder.app) throw new NotReadyError();
  return holder.app;
}

/** Makes `app` the one route handlers use (boot.ts; route tests install their own). Null removes it. */
export function installServerApp(app: ServerApp | null): void {
  if (app) holder.app = app;
  else delete holder.app;
}

/** The installed app, or null before boot installed it (the readiness probe answers "not ready" then; observers that must not fail a request). */
export function installedApp(): ServerApp | null {
  return holder.app ?? null;
}

/** The API requests being answered now, one counter per process (handle() counts them; the shutdown waits for them). */
export function requestsInFlight(): InFlight {
  holder.inFlight ??= new InFlight();
  return holder.inFlight;
}

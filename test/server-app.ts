/**
 * For tests that go through the route handlers: the server app built from a configuration
 * given as variables (parsed by the same parseConfig as at boot, never through process.env),
 * started, and installed where the route handlers find it (lib/server/holder.ts).
 */
import { createServerApp, type ServerApp, type ServerAppOptions } from "@/lib/server/app";
import { parseConfig } from "@/lib/server/config";
import { installServerApp } from "@/lib/server/holder";

export async function startServerApp(env: Record<string, string>, options: ServerAppOptions = {}): Promise<ServerApp> {
  const app = createServerApp(parseConfig(env), options);
  installServerApp(app);
  await app.start();
  return app;
}

export async function stopServerApp(app: ServerApp | undefined): Promise<void> {
  if (!app) return;
  installServerApp(null);
  await app.stop();
}

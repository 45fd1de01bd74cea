/**
 * Next.js calls register() once when the server starts, before it serves a request: the server
 * app is built and started then (lib/server/boot.ts), so the clusters are watched and the
 * timeline recorded from boot, with or without a browser open. A bad configuration stops the
 * process here.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await import("./lib/domain/zod-jitless");
  const { bootServer } = await import("./lib/server/boot");
  await bootServer({ signals: true });
}

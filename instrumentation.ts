/**
 * Next.js calls register() once when the server starts, before it serves a request: the server
 * app is built and started then (lib/server/boot.ts), so the clusters are watched and the
 * timeline recorded from boot, with or without a browser open. A bad configuration stops the
 * process here. Then the list fast lane goes in front of Next.js's request handler
 * (lib/server/http/list-fast-lane.ts), and the overview's page is asked once after the first
 * cluster lists (lib/server/http/warm-page.ts).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await import("./lib/domain/zod-jitless");
  const { bootServer } = await import("./lib/server/boot");
  const app = await bootServer({ signals: true });
  const { installListFastLanes } = await import("./lib/server/http/list-fast-lane");
  installListFastLanes(app.config);
  // The overview's module is loaded by a request of this process's own once the first lists are
  // in, so that the first person to open it does not wait for it (lib/server/http/warm-page.ts).
  if (process.env.NODE_ENV !== "development") {
    const { warmOverviewAfterFirstLists } = await import("./lib/server/http/warm-page");
    warmOverviewAfterFirstLists(app);
  }
}

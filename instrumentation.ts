/**
 * Next.js calls register() once when the server starts: the fleet's watches (and, later,
 * the timeline recorder) run from boot, with or without a browser open.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getFleet } = await import("./lib/server/fleet/instance");
  try {
    getFleet();
  } catch (err) {
    // The API answers 503 with this message; the process keeps serving the UI.
    console.error(`[fleet] not started: ${(err as Error).message}`);
  }
}

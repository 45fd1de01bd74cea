import { NextResponse, type NextRequest } from "next/server";
import { gateConfigFromEnv, gateRequest } from "./lib/server/auth/request-gate";

/**
 * Next.js 16 Proxy: the outer gate of every request (lib/server/auth/request-gate.ts). Static
 * build assets are left out: they hold no data.
 */
export function proxy(request: NextRequest) {
  const refusal = gateRequest(request.nextUrl.pathname, request.headers, gateConfigFromEnv(process.env));
  if (!refusal) return NextResponse.next();
  if (request.nextUrl.pathname.startsWith("/api/")) {
    return NextResponse.json({ error: { code: refusal.code, message: refusal.message } }, { status: refusal.status, headers: { "Cache-Control": "no-store" } });
  }
  return new NextResponse(refusal.message, { status: refusal.status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};

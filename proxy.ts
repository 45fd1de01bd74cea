import { NextResponse, type NextRequest } from "next/server";
import { gateRequest } from "./lib/server/auth/request-gate";
import { processConfig } from "./lib/server/holder";
import { contentSecurityPolicy, newNonce } from "./lib/server/http/csp";

/**
 * Next.js 16 Proxy: the outer gate of every request (lib/server/auth/request-gate.ts), with the
 * configuration the process parsed at start (lib/server/holder.ts). Static build assets are
 * left out: they hold no data.
 */
export function proxy(request: NextRequest) {
  const refusal = gateRequest(request.nextUrl.pathname, request.headers, processConfig());
  const csp = contentSecurityPolicy(newNonce(), process.env.NODE_ENV === "development");
  if (!refusal) {
    // Next.js takes the nonce from the request's CSP header and puts it on its own scripts.
    const headers = new Headers(request.headers);
    headers.set("Content-Security-Policy", csp);
    const response = NextResponse.next({ request: { headers } });
    response.headers.set("Content-Security-Policy", csp);
    return response;
  }
  if (request.nextUrl.pathname.startsWith("/api/")) {
    return NextResponse.json({ error: { code: refusal.code, message: refusal.message } }, { status: refusal.status, headers: { "Cache-Control": "no-store", "Content-Security-Policy": csp } });
  }
  return new NextResponse(refusal.message, { status: refusal.status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "Content-Security-Policy": csp } });
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};

import { NextResponse, type NextRequest } from "next/server";
import { gateRequest } from "./lib/server/auth/request-gate";
import { installedApp, processConfig } from "./lib/server/holder";
import { responsePolicy } from "./lib/server/http/csp";
import { hasMalformedEncoding } from "./lib/server/http/path-encoding";

/**
 * Next.js 16 Proxy: the outer gate of every request (lib/server/auth/request-gate.ts), with the
 * configuration the process parsed at start (lib/server/holder.ts), and the CSP with this
 * request's nonce. A path Next.js could not route (a malformed percent-encoding) is answered
 * here: 400 from the API, the not-found page for a page. Static build assets are left out:
 * they hold no data.
 */
export function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname;
  const csp = responsePolicy();
  const api = path.startsWith("/api/");
  const refuse = (status: number, code: string, message: string) =>
    api
      ? NextResponse.json({ error: { code, message } }, { status, headers: { "Cache-Control": "no-store", "Content-Security-Policy": csp } })
      : new NextResponse(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "Content-Security-Policy": csp } });

  const refusal = gateRequest({ path, method: request.method, headers: request.headers, draining: installedApp()?.draining ?? false }, processConfig());
  if (refusal) return refuse(refusal.status, refusal.code, refusal.message);

  // Next.js takes the nonce from the request's CSP header and puts it on its own scripts.
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", csp);
  let response: NextResponse;
  if (hasMalformedEncoding(path)) {
    console.error(`[proxy] ${request.method} ${path.slice(0, 200)}: malformed percent-encoding in the path, refused`);
    if (api) return refuse(400, "bad_request", "the path holds a malformed percent-encoding (a % not followed by two hex digits of UTF-8)");
    response = NextResponse.rewrite(new URL("/_not-found", request.url), { request: { headers } });
  } else {
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};

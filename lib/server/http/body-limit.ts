import "server-only";

/**
 * The largest request body any route accepts (remediation guard 7, docs/architecture.md): the
 * remediation and approval JSON bodies. proxy.ts refuses a larger declared Content-Length
 * before anything else; a body without one is read up to this many bytes and no further
 * (lib/server/remediation/body.ts), and next.config.js keeps Next.js from buffering more than
 * twice this much for the proxy.
 */
export const MAX_BODY_BYTES = 8 * 1024;

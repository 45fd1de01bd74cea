/**
 * zod compiles object schemas with `new Function` when it can, and finds out whether it can by
 * trying once, when the first object schema is made: under the dashboard's Content-Security-
 * Policy (no 'unsafe-eval') that probe is a CSP violation on every page. jitless makes zod never
 * try (zod 4, z.config; the setting lives on globalThis, shared by every bundle of a realm).
 * Imported for this effect alone, first, by instrumentation-client.ts (the browser, before the
 * app's modules load) and instrumentation.ts (the server).
 */
import { z } from "zod";

z.config({ jitless: true });

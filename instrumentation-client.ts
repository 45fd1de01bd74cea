/**
 * Next.js runs this in the browser before the application's own code and hydration: the place
 * for what must hold before any module of the app is evaluated.
 */
import "./lib/domain/zod-jitless";

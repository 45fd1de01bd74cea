"use client";
/**
 * Opt-in desktop notifications: off until the person turns them on (which asks the browser's
 * permission), remembered in localStorage. What is said is decided by the pure `noticeFor`: one
 * notification when the count of Functions needing action (the tab title's count,
 * ./title-count.ts) has risen since the last one, checked once per batching window so that a
 * burst of rows is one notification, never one per row.
 */
import { useSyncExternalStore } from "react";
import { remembered } from "./remembered";

const choice = remembered("ack-fleet.desktop-notifications");

/** How long count changes are gathered before one notification (the live stream flushes every 100 ms). */
export const NOTICE_WINDOW_MS = 2_000;

export type DesktopNotifyState = "on" | "off" | "unsupported" | "blocked";

function readNow(): DesktopNotifyState {
  if (typeof window === "undefined" || typeof window.Notification === "undefined") return "unsupported";
  if (window.Notification.permission === "denied") return "blocked";
  return choice.get() === "on" && window.Notification.permission === "granted" ? "on" : "off";
}

/**
 * Read once per task: the switch is rendered on every fleet update (up to 20 a second), and
 * Notification.permission asks the browser each time (the page's CPU profile at 50,000 rows:
 * over a second of the load). A change (a click here, the browser's settings) is seen from the next task.
 */
let lastRead: DesktopNotifyState | null = null;
function read(): DesktopNotifyState {
  if (lastRead) return lastRead;
  const now = (lastRead = readNow());
  queueMicrotask(() => (lastRead = null));
  return now;
}

function remember(on: boolean): void {
  lastRead = null;
  choice.set(on ? "on" : "off");
}

/** Turns them on (asking the browser's permission first, from the click) or off. */
export async function setDesktopNotifications(on: boolean): Promise<void> {
  if (!on || typeof window.Notification === "undefined") return remember(false);
  const permission = window.Notification.permission === "granted" ? "granted" : await window.Notification.requestPermission();
  remember(permission === "granted");
}

export function useDesktopNotifications(): DesktopNotifyState {
  return useSyncExternalStore(choice.subscribe, read, () => "off");
}

/**
 * At the end of a window: notify when the count rose above the baseline (the count last told,
 * or the first one seen); the baseline then follows the count either way, so a fall and a new
 * rise is told again. Pure.
 */
export function noticeFor(baseline: number, count: number): { notify: string | null; baseline: number } {
  if (count <= baseline) return { notify: null, baseline: count };
  const more = count - baseline;
  return { notify: `${count} Function${count === 1 ? " needs" : "s need"} action (${more} more).`, baseline: count };
}

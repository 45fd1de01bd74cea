"use client";
/**
 * What every modal dialog does with the keyboard (WAI-ARIA Authoring Practices, "Dialog (Modal)"
 * pattern): Tab and Shift+Tab cycle inside it, Escape closes it (and is marked handled, so the
 * page's own Escape, "go back", does not also run), and on close the focus returns to the element
 * that opened it. The dialog focuses its own first field on open.
 */
import { useEffect, useRef, type RefObject } from "react";
import { focusableIn } from "./keyboard";

export function useModalDialog(dialogRef: RefObject<HTMLElement | null>, onClose: () => void): void {
  // The latest onClose without re-running the effect (a re-run would move the focus again).
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const onKey = (e: KeyboardEvent) => {
      const dialog = dialogRef.current;
      if (!dialog || e.defaultPrevented) return;
      if (e.key === "Escape") {
        e.preventDefault();
        onCloseRef.current();
        return;
      }
      if (e.key !== "Tab") return;
      const items = focusableIn(dialog);
      if (items.length === 0) return;
      const first = items[0];
      const last = items[items.length - 1];
      const inside = dialog.contains(document.activeElement);
      if (!inside || (e.shiftKey && document.activeElement === first)) {
        e.preventDefault();
        (e.shiftKey ? last : first).focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
      // Back to where the person was, if that element is still on the page.
      if (opener?.isConnected) opener.focus();
    };
  }, [dialogRef]);
}

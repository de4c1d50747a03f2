import { useEffect, useRef, type RefObject } from "react";

/**
 * Keeps keyboard focus where the user can go on when a job changes state: the button that started it is disabled
 * (Chromium then drops focus to the page's body) and its outcome appears elsewhere. When `state` changes while focus
 * is on the body or inside `container`, it moves to the element in `container` marked `data-focus-on-change` (the
 * Cancel button while running, the outcome afterwards). Focus the user took elsewhere meanwhile stays there.
 */
export function useSettledFocus(state: string, container: RefObject<HTMLElement | null>): void {
  const previous = useRef(state);
  useEffect(() => {
    if (previous.current === state) return;
    previous.current = state;
    const box = container.current;
    const active = document.activeElement;
    if (!box || (active && active !== document.body && !box.contains(active))) return;
    box.querySelector<HTMLElement>("[data-focus-on-change]")?.focus();
  }, [state, container]);
}

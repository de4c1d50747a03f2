import { useEffect, useLayoutEffect, useRef, type PointerEvent, type RefObject } from "react";
import type { TimeWindow } from "./WindowControls";

/** Wheel steps are gathered this long before one new window is asked for (each is a read in the worker). */
const WHEEL_SETTLE_MS = 150;

/**
 * Drag the plot sideways to pan; Ctrl (or ⌘) + wheel to zoom around the time under the pointer. Plain wheel
 * scrolls the page as usual. The buttons and fields do the same for keyboard users.
 */
export function usePlotGestures(
  canvas: RefObject<HTMLCanvasElement | null>,
  /** The canvas is in the page. */
  ready: boolean,
  plot: { left: number; width: number },
  view: TimeWindow,
  onView: (view: TimeWindow) => void,
) {
  const latest = useRef({ plot, view, onView });
  useLayoutEffect(() => {
    latest.current = { plot, view, onView };
  });
  const drag = useRef<{ x: number; start: number } | null>(null);

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    let factor = 1;
    let at = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      const { plot, view } = latest.current;
      factor *= Math.pow(2, e.deltaY / 300);
      at = Math.min(1, Math.max(0, (e.clientX - element.getBoundingClientRect().left - plot.left) / plot.width));
      clearTimeout(timer);
      timer = setTimeout(() => {
        const pivot = view.start + at * view.length;
        const length = view.length * factor;
        factor = 1;
        latest.current.onView({ start: pivot - at * length, length });
      }, WHEEL_SETTLE_MS);
    };
    element.addEventListener("wheel", onWheel, { passive: false });
    return () => {
      clearTimeout(timer);
      element.removeEventListener("wheel", onWheel);
    };
  }, [canvas, ready]);

  return {
    onPointerDown(e: PointerEvent<HTMLCanvasElement>) {
      drag.current = { x: e.clientX, start: latest.current.view.start };
      e.currentTarget.setPointerCapture(e.pointerId);
    },
    onPointerUp(e: PointerEvent<HTMLCanvasElement>) {
      const d = drag.current;
      drag.current = null;
      const { plot, view, onView } = latest.current;
      const dx = e.clientX - (d?.x ?? e.clientX);
      // A click is not a drag.
      if (d && Math.abs(dx) >= 3) onView({ start: d.start - (dx / plot.width) * view.length, length: view.length });
    },
  };
}

import { useId, useState } from "react";
import { formatSeconds } from "./scales";

export interface TimeWindow {
  start: number;
  length: number;
}

interface Props {
  view: TimeWindow;
  /** Where the shown series begin and end (seconds), for the pan buttons' limits. */
  first: number;
  last: number;
  onChange(view: TimeWindow): void;
}

/**
 * The window's start and length as fields (taken on Enter or on leaving the field), and zoom and pan by buttons:
 * zoom keeps the window's middle, pan moves by half a window.
 */
export function WindowControls({ view, first, last, onChange }: Props) {
  const [problem, setProblem] = useState<string | null>(null);
  const problemId = useId();
  const take = (field: "start" | "length", text: string) => {
    const value = Number(text.trim());
    if (text.trim() === "" || !Number.isFinite(value) || (field === "length" && value <= 0)) {
      setProblem(
        field === "length"
          ? "The preview length must be a number of seconds above 0."
          : "The preview start must be a number of seconds.",
      );
      return;
    }
    setProblem(null);
    if (value !== view[field]) onChange({ ...view, [field]: value });
  };
  const field = (name: "start" | "length", label: string) => {
    const shown = formatSeconds(view[name]).replace(/,/g, "");
    return (
      <label className="preview-field">
        {label}
        <input
          key={shown}
          type="text"
          inputMode="decimal"
          defaultValue={shown}
          aria-invalid={problem?.includes(name) ? true : undefined}
          aria-describedby={problem?.includes(name) ? problemId : undefined}
          onBlur={(e) => take(name, e.currentTarget.value)}
          onKeyDown={(e) => e.key === "Enter" && take(name, e.currentTarget.value)}
        />
      </label>
    );
  };
  const zoom = (factor: number) => {
    const middle = view.start + view.length / 2;
    const length = view.length * factor;
    onChange({ start: middle - length / 2, length });
  };
  const pan = (direction: number) => {
    const start = view.start + (direction * view.length) / 2;
    onChange({ ...view, start: direction < 0 ? Math.max(first, start) : Math.min(start, last) });
  };
  return (
    <div className="preview-window" role="group" aria-label="Preview window">
      {field("start", "Preview start (s)")}
      {field("length", "Preview length (s)")}
      <button type="button" onClick={() => zoom(0.5)}>
        Zoom in
      </button>
      <button type="button" onClick={() => zoom(2)}>
        Zoom out
      </button>
      <button type="button" onClick={() => pan(-1)} disabled={view.start <= first}>
        Earlier
      </button>
      <button type="button" onClick={() => pan(1)} disabled={view.start + view.length >= last}>
        Later
      </button>
      {problem && (
        <p id={problemId} className="preview-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

import { useEffect, useRef, useState } from "react";
import { channelRange } from "../../core/preview/envelope";
import type { TimeSeriesInfo } from "../../core/preview/find-timeseries";
import type { PreviewWindow } from "../../core/preview/read-window";
import { call } from "../bridge";
import type { Trace } from "./draw-preview";

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The file's TimeSeries that can be previewed (one light call; the worker keeps the list). */
export function useTimeSeries(sessionId: number, fileName: string): TimeSeriesInfo[] | null {
  const [loaded, setLoaded] = useState<{ key: string; list: TimeSeriesInfo[] } | null>(null);
  const key = `${sessionId}\u0000${fileName}`;
  useEffect(() => {
    let current = true;
    call(sessionId, (api) => api.timeSeries(sessionId, fileName)).then(
      (list) => current && setLoaded({ key: `${sessionId}\u0000${fileName}`, list }),
      // Without the list the selected series still preview by path; their errors say what is wrong.
      () => current && setLoaded({ key: `${sessionId}\u0000${fileName}`, list: [] }),
    );
    return () => {
      current = false;
    };
  }, [sessionId, fileName]);
  return loaded?.key === key ? loaded.list : null;
}

/** Channels [first, end) of one series: a page of the preview may span several series. */
export interface Part {
  series: string;
  channels: [number, number];
}

export interface Shown<Meta> {
  key: string;
  /** What the caller said about this request (kept with its answer, so that words and plot agree). */
  meta: Meta;
  traces: Trace[];
  windows: PreviewWindow[];
  errors: string[];
}

const seriesName = (path: string) => path.slice(path.lastIndexOf("/") + 1) || path;

/**
 * The window of each part, reduced by the worker to min/max per pixel column. The last answer stays shown while
 * the next is read (`current` false), so zoom and pan do not blank the plot. One request is read at a time: the
 * worker cannot drop a read it has queued, and a series whose chunk is costly to decode (a 48 MB bzip2 chunk takes
 * seconds) would otherwise be read once per intermediate width or window while the page lays out, holding up a
 * conversion asked for meanwhile. What is asked while one is read waits, and only the latest is read after it.
 */
export function usePreviewWindows<Meta>(
  sessionId: number,
  fileName: string,
  parts: Part[],
  start: number,
  length: number,
  columns: number,
  /** Plain data (it is compared as JSON). */
  meta: Meta,
): { shown: Shown<Meta> | null; current: boolean } {
  const key = JSON.stringify([sessionId, fileName, parts, start, length, columns]);
  const [shown, setShown] = useState<Shown<Meta> | null>(null);
  const metaText = JSON.stringify(meta);
  const reading = useRef(false);
  const asked = useRef(""); // the request last read (or being read), so that an ended read does not ask it again
  const [done, setDone] = useState(0); // a read ended: the latest request, if it was held back, goes now
  useEffect(() => {
    const [id, file, wanted, from, seconds, cols] = JSON.parse(key) as [number, string, Part[], number, number, number];
    if (!wanted.length || cols < 1 || reading.current || asked.current === key + metaText) return;
    reading.current = true;
    asked.current = key + metaText;
    let current = true;
    const prefix = new Set(wanted.map((p) => p.series)).size > 1;
    const meta = JSON.parse(metaText) as Meta;
    void Promise.allSettled(
      wanted.map((p) =>
        call(id, (api) =>
          api.preview(id, file, {
            series: p.series,
            start: from,
            length: seconds,
            channels: p.channels,
            columns: cols,
          }),
        ),
      ),
    )
      .then((results) => {
        if (!current) {
          asked.current = ""; // superseded while read: whatever is asked now (even this again) is read next
          return;
        }
        const next: Shown<Meta> = { key, meta, traces: [], windows: [], errors: [] };
        results.forEach((r, i) => {
          if (r.status === "rejected") next.errors.push(`${wanted[i]!.series}: ${message(r.reason)}`);
          else {
            next.windows.push(r.value);
            next.traces.push(...toTraces(r.value, prefix ? seriesName(wanted[i]!.series) : ""));
          }
        });
        setShown(next);
      })
      .finally(() => {
        reading.current = false;
        setDone((n) => n + 1);
      });
    return () => {
      current = false;
    };
  }, [key, metaText, done]);
  // Another file or set: nothing of the last one may show.
  const same = shown && JSON.stringify(JSON.parse(shown.key).slice(0, 2)) === JSON.stringify([sessionId, fileName]);
  return { shown: same ? shown : null, current: shown?.key === key };
}

function toTraces(w: PreviewWindow, prefix: string): Trace[] {
  const { columns } = w.envelope;
  return w.names.map((name, k) => ({
    label: prefix ? `${prefix}: ${name}` : name,
    unit: w.unit,
    min: w.envelope.min.subarray(k * columns, (k + 1) * columns),
    max: w.envelope.max.subarray(k * columns, (k + 1) * columns),
    length: w.length,
    range: channelRange(w.envelope, k),
  }));
}

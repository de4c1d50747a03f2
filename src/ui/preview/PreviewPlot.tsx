import { memo, useState } from "react";
import type { TimeSeriesInfo } from "../../core/preview/find-timeseries";
import { ChannelControls, PAGE_CHANNELS } from "./ChannelControls";
import { PreviewCanvas } from "./PreviewCanvas";
import { useTimeSeries } from "./use-preview-data";
import { WindowControls, type TimeWindow } from "./WindowControls";
import "../components.css";
import "./preview.css";

export interface PreviewPlotProps {
  sessionId: number;
  fileName: string;
  /** The ElectricalSeries selected for conversion: previewed unless another TimeSeries is chosen. */
  seriesPaths: string[];
}

const SELECTION = "";
const seriesName = (path: string) => path.slice(path.lastIndexOf("/") + 1) || path;

/**
 * A window of the selected series (or of any TimeSeries of the file), channels paged or all at once, the window
 * chosen by fields, zoom and pan. The worker sends each channel reduced to min/max per pixel column.
 * Memoized: its panel re-renders with every progress report of a conversion (4 a second), and redrawing the plot
 * each time cost the page ~0.5 CPU-s on the main thread, the raster and the compositor over a 960 MB conversion.
 */
export const PreviewPlot = memo(function PreviewPlot({ sessionId, fileName, seriesPaths }: PreviewPlotProps) {
  const list = useTimeSeries(sessionId, fileName);
  const [choice, setChoice] = useState(SELECTION);
  const [view, setView] = useState<(TimeWindow & { key: string }) | null>(null);
  const [page, setPage] = useState({ key: "", index: 0 });
  const [overview, setOverview] = useState(false);
  const [perChannel, setPerChannel] = useState(false);

  const paths = choice === SELECTION ? seriesPaths : [choice];
  const sourceKey = `${fileName}\u0000${paths.join("\n")}`;
  const names = paths.map(seriesName).join(", ");
  if (!paths.length && list?.length === 0) return null;
  const picker = list && list.length > 0 && (
    <label className="preview-field">
      Series to preview
      <select value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
        <option value={SELECTION}>
          {seriesPaths.length
            ? `Selected for conversion (${seriesPaths.map(seriesName).join(", ")})`
            : "Selected for conversion (none)"}
        </option>
        {list.map((t) => (
          <option key={t.path} value={t.path}>
            {t.path} ({t.type}, {t.unit || "no unit"})
          </option>
        ))}
      </select>
    </label>
  );
  if (!paths.length)
    return (
      <figure className="previewplot">
        {picker}
        <p className="previewplot-empty">No series selected</p>
      </figure>
    );
  if (!list)
    return (
      <figure className="previewplot">
        <p className="previewplot-status">Loading the preview of {names}…</p>
      </figure>
    );

  const sources = paths.map((p) => ({ path: p, info: list.find((t) => t.path === p) ?? null }));
  const known = sources.flatMap((s) => (s.info ? [s.info] : []));
  const first = Math.min(...known.map((t) => t.start));
  const last = Math.max(...known.map((t) => t.end));
  const fallback = { start: first, length: Math.min(2, last > first ? (last - first) * 1.001 : 1) };
  const shownView = view?.key === sourceKey ? view : fallback;
  const total = known.reduce((n, t) => n + t.width, 0);
  const pageIndex = page.key === sourceKey ? page.index : 0;
  const from = overview ? 0 : pageIndex * PAGE_CHANNELS;
  const to = overview ? total : Math.min(total, from + PAGE_CHANNELS);
  return (
    <figure className="previewplot">
      <div className="preview-controls">
        {picker}
        <WindowControls
          view={shownView}
          first={first}
          last={last}
          onChange={(next) => setView({ ...next, key: sourceKey })}
        />
        <ChannelControls
          from={from}
          to={to}
          total={total}
          overview={overview}
          perChannel={perChannel}
          onPage={(index) => setPage({ key: sourceKey, index })}
          pageIndex={pageIndex}
          onOverview={setOverview}
          onPerChannel={setPerChannel}
        />
      </div>
      <PreviewCanvas
        sessionId={sessionId}
        fileName={fileName}
        names={names}
        parts={partsOf(known, from, to)}
        missing={sources.filter((s) => !s.info).map((s) => s.path)}
        view={shownView}
        onView={(next) => setView({ ...next, key: sourceKey })}
        fromStart={shownView.start === first}
        channels={{ from, to, total }}
        overview={overview}
        perChannel={perChannel}
      />
    </figure>
  );
});

/** Channels [from, to) of the series laid end to end, as a part per series they fall in. */
function partsOf(series: TimeSeriesInfo[], from: number, to: number) {
  const parts: { series: string; channels: [number, number] }[] = [];
  let offset = 0;
  for (const s of series) {
    const a = Math.max(from, offset);
    const b = Math.min(to, offset + s.width);
    if (a < b) parts.push({ series: s.path, channels: [a - offset, b - offset] });
    offset += s.width;
  }
  return parts;
}

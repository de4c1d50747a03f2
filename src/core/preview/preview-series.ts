import { planChannels, seriesUnitFactor } from "../convert/plan";
import type { FileSet } from "../hdf5/file-set";
import type { NwbFile } from "../nwb/model";
import { h5Rows } from "../open-rows";
import type { TimeSeriesInfo } from "./find-timeseries";
import { readWindow, type PreviewWindow, type ReadLimits, type Scaling, type WindowRequest } from "./read-window";

/**
 * A window of any TimeSeries: an ElectricalSeries the conversion accepts in µV, scaled by the converter's own
 * channel plan (conversion, channel_conversion, offset, unit); any other in its own unit with its conversion and
 * offset applied.
 */
export function previewSeries(
  set: FileSet,
  nwb: NwbFile | null,
  info: TimeSeriesInfo,
  request: WindowRequest,
  limits?: ReadLimits,
): PreviewWindow {
  const rows = h5Rows(set);
  const electrical = nwb?.series.find((s) => s.path === info.path && !s.problem);
  let scaling: Scaling;
  let names: string[];
  if (electrical) {
    const channels = planChannels(electrical, 0);
    scaling = {
      scales: channels.map((c) => c.scale),
      offset: electrical.offset,
      unitFactor: seriesUnitFactor(electrical),
      unit: "µV",
    };
    names = channels.map((c) => c.name || `channel ${c.index}`);
  } else {
    scaling = {
      scales: new Array<number>(info.width).fill(info.conversion),
      offset: info.offset,
      unitFactor: 1,
      unit: info.unit || "no unit",
    };
    const name = info.path.slice(info.path.lastIndexOf("/") + 1);
    names = info.width > 1 ? Array.from({ length: info.width }, (_, i) => `${name}[${i}]`) : [name];
  }
  const source = {
    data: rows(info.data),
    timestamps: info.timestamps ? rows(info.timestamps) : null,
    rate: info.rate,
    startingTime: info.startingTime,
  };
  return readWindow(source, scaling, names, request, limits);
}

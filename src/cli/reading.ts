import type { OpenRows } from "../core/convert/convert";
import type { FileSet } from "../core/hdf5/file-set";
import { describeFailure } from "../core/hdf5/hdf5-error";
import type { NwbFile } from "../core/nwb/model";

/**
 * Hooks a watchdog puts around sample reads: a synchronous read of many rows
 * may rightly keep HDF5 busy for long, so it is announced with its size.
 */
export interface ReadWatch {
  /** A synchronous read of `bytes` starts; `done` when it returned or threw. */
  reading(bytes: number): void;
  done(): void;
}

/** Row readers whose synchronous reads are announced to the watch (async reads keep the event loop, and so the heartbeat, going). */
export function watchedRows(rows: OpenRows, watch: ReadWatch | undefined): OpenRows {
  if (!watch) return rows;
  return (location) => {
    const reader = rows(location);
    const read = reader.read.bind(reader);
    const bytesPerRow = (columns?: [number, number]) => (columns ? columns[1] - columns[0] : reader.width) * 8;
    return Object.assign(Object.create(reader) as typeof reader, {
      read(start: number, end: number, columns?: [number, number]) {
        watch.reading((end - start) * bytesPerRow(columns));
        try {
          return read(start, end, columns);
        } finally {
          watch.done();
        }
      },
    });
  };
}

/**
 * Runs the work on an opened set so that whatever goes wrong in it is one
 * line naming the file (HDF5's error stacks put in plain words).
 */
export async function namingTheFile<T>(set: FileSet, name: string, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw new Error(describeFailure(e, name, set.names), { cause: e });
  }
}

/**
 * Without --series only /acquisition is converted; a file whose series all
 * live elsewhere (say /processing/ecephys) is told which and how to pick them.
 */
export function checkSomethingToConvert(file: NwbFile, series: string[]): void {
  if (series.length || file.series.some((s) => s.path.startsWith("/acquisition/"))) return;
  const elsewhere = file.series.map((s) => s.path);
  if (!elsewhere.length) return; // the core's own "no ElectricalSeries to convert"
  const shown = elsewhere.slice(0, 5).join(", ") + (elsewhere.length > 5 ? `, … (${elsewhere.length} in all)` : "");
  throw new Error(
    `${file.name}: no ElectricalSeries in /acquisition to convert; found ${elsewhere.length === 1 ? "one" : elsewhere.length} elsewhere: ` +
      `${shown}; pick with --series <path>, e.g. --series ${elsewhere[0]}`,
  );
}

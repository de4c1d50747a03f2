// Writes an NWB file whose one series takes the HDF5 library seconds per read, at test time (tens of MB, too big
// to commit): its samples are one chunk compressed with bzip2, a filter the page decodes through h5wasm's
// synchronous dataset.slice() (only deflate has the page's own asynchronous path), and every read of any rows
// decodes the whole chunk. The worker that reads it is busy inside one synchronous call for that long.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initH5, placePlugins } from "../src/core/hdf5/h5";
import { loadNodePlugin } from "../src/node/plugins";
import { NWB } from "./golden";

/**
 * The series whose every read is slow, beside sine2.nwb's own /acquisition/TestElectricalSeries (FAST_SERIES):
 * converted together, the fast one goes first (by path) and starts the download before the slow read.
 */
export const SLOW_SERIES = "/acquisition/TestSlowSeries";
export const FAST_SERIES = "/acquisition/TestElectricalSeries";
/** Rows of the slow series (2 channels of int16): its one chunk decodes to this × 4 bytes. */
export const SLOW_ROWS = 12_000_000;
const BZIP2 = 307;

/** Where the tests keep the file between runs (the name changes with what the file holds). */
export const SLOW_FILE = join(tmpdir(), "nwb2pennsieve-slow-filter-v2", "slow-bzip2.nwb");

/** Writes sine2.nwb plus SLOW_SERIES to SLOW_FILE (once: an existing file is reused) and returns its path. */
export async function writeSlowFilterFile(): Promise<string> {
  if (existsSync(SLOW_FILE)) return SLOW_FILE;
  const module = await initH5(loadNodePlugin);
  // Plugins come when a read needs one; this write needs bzip2's first, in h5wasm's in-memory file system.
  placePlugins([BZIP2]);
  const { h5wasm } = await import("../src/core/hdf5/h5");
  const scratch = `/slow-${process.pid}.nwb`;
  module.FS.writeFile(scratch, readFileSync(join(NWB, "sine2.nwb")));
  const f = new h5wasm.File(scratch, "a");
  try {
    const sine = f.get(FAST_SERIES) as InstanceType<typeof h5wasm.Group>;
    const slow = f.create_group(SLOW_SERIES);
    for (const name of ["comments", "namespace", "neurodata_type"])
      slow.create_attribute(name, sine.attrs[name]!.value as string);
    slow.create_attribute("description", "one bzip2 chunk: every read decodes all of it");
    slow.create_attribute("object_id", "5e1f0000-0000-4000-8000-000000000307");
    slow.create_hard_link(`${FAST_SERIES}/electrodes`, "electrodes");
    slow.create_hard_link(`${FAST_SERIES}/starting_time`, "starting_time");
    // Noise over a slow sine: bzip2 neither skips it (as it would runs) nor shrinks it much.
    const samples = new Int16Array(SLOW_ROWS * 2);
    let seed = 307;
    for (let i = 0; i < samples.length; i++) {
      seed = (seed * 1_103_515_245 + 12_345) >>> 0;
      samples[i] = Math.round(1000 * Math.sin(i / 2000)) + ((seed >>> 16) & 0xff) - 128;
    }
    const data = slow.create_dataset({
      name: "data",
      data: samples,
      shape: [SLOW_ROWS, 2],
      dtype: "<h",
      chunks: [SLOW_ROWS, 2],
      compression: BZIP2,
      compression_opts: [9],
    });
    data.create_attribute("conversion", 0.000001);
    data.create_attribute("offset", 0);
    data.create_attribute("resolution", -1);
    data.create_attribute("unit", "volts");
  } finally {
    f.close();
  }
  mkdirSync(join(SLOW_FILE, ".."), { recursive: true });
  // Written under a temporary name and renamed when complete, so that an interrupted run is not reused.
  writeFileSync(`${SLOW_FILE}.partial`, module.FS.readFile(scratch));
  module.FS.unlink(scratch);
  renameSync(`${SLOW_FILE}.partial`, SLOW_FILE);
  return SLOW_FILE;
}

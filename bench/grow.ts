// Grows the small pynwb templates into large benchmark NWB files, cached in bench/data/.
// The node build of h5wasm writes straight to disk (the ESM build keeps files in memory).
import { createHash } from "node:crypto";
import fs from "node:fs";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import h5wasm, { dtype_to_metadata, type Dataset, type Entity, type Group, type Reference } from "h5wasm/node";
import { loadNodePlugin } from "../src/node/plugins";

/** Bump when the generated content changes: cached files with another version are remade. */
const GENERATOR_VERSION = 1;
const TEMPLATES = "/work/shared/fixtures/perf";
/** BENCH_DATA_DIR puts the grown files elsewhere (e.g. one folder that several worktrees read). */
export const DATA_DIR = process.env.BENCH_DATA_DIR || join(dirname(fileURLToPath(import.meta.url)), "data");
/** Both templates keep their one ElectricalSeries here; the grown files keep the same path. */
export const SERIES = "/acquisition/ElectricalSeriesAP";
const ELECTRODES = "/general/extracellular_ephys/electrodes/";

/** The folder where HDF5 looks for filter plugins (made once), for files written with a plugin's filter. */
function pluginDir(Module: Awaited<typeof h5wasm.ready>): string {
  const dir = "/h5plugins";
  if (!Module.get_plugin_search_paths().includes(dir)) {
    Module.FS.mkdirTree(dir);
    Module.insert_plugin_search_path(dir, 0);
  }
  return dir;
}

export interface BenchFile {
  id: string;
  template: string;
  rows: number;
  channels: number;
  dtype: "<h" | "<d";
  /** null: contiguous. */
  chunks: [number, number] | null;
  gzipLevel: number;
  path: string;
  /** Dataset bytes (rows × channels × item size): what "input MB/s" divides. */
  bytes: number;
  /** A filter plugin instead of gzip (gzipLevel is then 0), as HDF5 records it: filter id and client values. */
  filter?: FilterSpec;
  /** Which writer lays data out this way (the layouts of issue 16); absent on the first four files. */
  writer?: string;
}

export interface FilterSpec {
  name: string;
  id: number;
  opts: number[];
  /** The h5wasm-plugins file that compresses it. */
  plugin: string;
}

function spec(
  id: string,
  template: string,
  rows: number,
  channels: number,
  dtype: "<h" | "<d",
  chunked: boolean,
): BenchFile {
  const item = dtype === "<h" ? 2 : 8;
  // The templates are contiguous, so no chunk shape to copy: full-width chunks of about 1 MiB
  // (NeuroConv-style time-blocks across all channels) and gzip 4, h5py's default level.
  const chunks: [number, number] | null = chunked ? [Math.floor(2 ** 20 / (channels * item)), channels] : null;
  return {
    id,
    template,
    rows,
    channels,
    dtype,
    chunks,
    gzipLevel: chunked ? 4 : 0,
    path: join(DATA_DIR, `${id}.nwb`),
    bytes: rows * channels * item,
  };
}

/** Two lengths of each shape so that peak memory can be seen not to grow with length. */
export const BENCH_FILES: BenchFile[] = [
  spec("A384-int16-gzip-20s", "template384.nwb", 600_000, 384, "<h", true),
  spec("A384-int16-gzip-10s", "template384.nwb", 300_000, 384, "<h", true),
  spec("B2-float64-contig-960MB", "template2.nwb", 60_000_000, 2, "<d", false),
  spec("B2-float64-contig-240MB", "template2.nwb", 15_000_000, 2, "<d", false),
];

/** Deterministic xorshift32, so that every regeneration gives the same bytes. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** Rows [r0, r0+n) of the signal, row-major. Noise matters: it sets the gzip ratio of input and output. */
function fillBlock(f: BenchFile, r0: number, n: number, rand: () => number): Int16Array | Float64Array {
  const nch = f.channels;
  const rate = f.dtype === "<h" ? 30_000 : 1_000;
  const out = f.dtype === "<h" ? new Int16Array(n * nch) : new Float64Array(n * nch);
  for (let r = 0; r < n; r++) {
    const t = (r0 + r) / rate;
    for (let c = 0; c < nch; c++) {
      const gauss = rand() + rand() + rand() + rand() - 2; // Irwin–Hall, σ ≈ 0.58
      if (f.dtype === "<h") {
        // Neuropixels-like counts: a slow wave shared across the probe plus ~10-count noise.
        out[r * nch + c] = Math.round(120 * Math.sin(2 * Math.PI * 7 * t + c * 0.05) + 17 * gauss);
      } else {
        // µV (conversion 1e-6): smooth sum of two sines plus a little noise.
        out[r * nch + c] = 50 * Math.sin(2 * Math.PI * 0.5 * t + c) + 10 * Math.sin(2 * Math.PI * 11 * t) + 2 * gauss;
      }
    }
  }
  return out;
}

/** Object references are file addresses: carry them over by path and remake them in the new file. */
function targetPath(srcFile: Group, ref: Reference): string {
  const target = srcFile.dereference(ref);
  if (!(target instanceof h5wasm.Group || target instanceof h5wasm.Dataset)) throw new Error("grow: odd reference");
  return target.path;
}
function refTo(dst: Dataset | Group, path: string): Reference {
  const target = dst.root.get(path);
  if (!(target instanceof h5wasm.Group || target instanceof h5wasm.Dataset)) throw new Error(`grow: no ${path}`);
  return target.create_reference();
}

function copyAttrs(src: Dataset | Group, dst: Dataset | Group, refs: Array<() => void>, srcFile: Group): void {
  for (const [name, attr] of Object.entries(src.attrs)) {
    if (attr.dtype === "Reference") {
      const v = attr.value; // a scalar reference attribute reads as a one-element array
      const path = targetPath(srcFile, (Array.isArray(v) ? v[0] : v) as Reference);
      refs.push(() => dst.create_attribute(name, refTo(dst, path)));
    } else {
      dst.create_attribute(name, attr.value as never, attr.shape, attr.dtype);
    }
  }
}

/** Per-electrode values for another channel count: counters (0, 1, 2… or "AP0", "AP1"…) go on counting, other
 *  values repeat the template's electrodes in turn, so that e.g. 1,536 channels have 1,536 distinct rows. */
export function resizeColumn<T>(values: T[], n: number): T[] {
  const m = values.length;
  const counter = (v: T, i: number) =>
    typeof v === "number" || typeof v === "bigint"
      ? Number(v) === i
      : typeof v === "string" && new RegExp(`^\\D*${i}$`).test(v);
  if (values.every(counter)) {
    const prefix = typeof values[0] === "string" ? String(values[0]).replace(/\d+$/, "") : null;
    const bigint = typeof values[0] === "bigint";
    return Array.from({ length: n }, (_, i) => (prefix !== null ? `${prefix}${i}` : bigint ? BigInt(i) : i) as T);
  }
  return Array.from({ length: n }, (_, i) => values[i % m]!);
}

/** The dataset's values for another width, in the same kind of array (a typed one stays typed), or null if unchanged. */
function resizedLike(
  path: string,
  value: unknown[] | ArrayBufferView,
  perElectrode: <T>(path: string, values: T[]) => T[],
): ArrayLike<unknown> | null {
  const before = Array.from(value as ArrayLike<unknown>);
  const after = perElectrode(path, before);
  if (after === before) return null;
  if (!ArrayBuffer.isView(value)) return after;
  const Typed = value.constructor as new (xs: unknown[]) => ArrayLike<unknown>;
  return new Typed(after);
}

/** Rebuilds the template object by object (h5wasm cannot unlink the template's fixed 10-row data),
 *  writing an empty `data` of the new size in its place. References are made once all targets exist.
 *  `perElectrode` remakes the electrodes table's columns and the series' electrode region for another width. */
function copyTree(
  src: Group,
  dst: Group,
  srcFile: Group,
  refs: Array<() => void>,
  makeData: (g: Group) => void,
  perElectrode: <T>(path: string, values: T[]) => T[],
): void {
  for (const key of src.keys()) {
    const link = src.get_link(src.path === "/" ? `/${key}` : `${src.path}/${key}`);
    if (link) {
      dst.create_soft_link(link, key); // e.g. ElectrodeGroup.device: a link, not a second Device
      continue;
    }
    const e: Entity | null = src.get(key);
    if (e instanceof h5wasm.Group) {
      const g = dst.create_group(key);
      copyAttrs(e, g, refs, srcFile);
      copyTree(e, g, srcFile, refs, makeData, perElectrode);
    } else if (e instanceof h5wasm.Dataset) {
      if (e.path === `${SERIES}/data`) {
        makeData(dst);
        copyAttrs(e, dst.get("data") as Dataset, refs, srcFile);
        continue;
      }
      if (e.dtype === "Reference") {
        const targets = perElectrode(
          e.path,
          (e.value as Reference[]).map((r) => targetPath(srcFile, r)),
        );
        refs.push(() => {
          const d = dst.create_dataset({ name: key, data: targets.map((p) => refTo(dst, p)) });
          copyAttrs(e, d, refs, srcFile);
        });
        continue;
      }
      const value = e.value;
      const resized =
        Array.isArray(value) || ArrayBuffer.isView(value) ? resizedLike(e.path, value, perElectrode) : null;
      const d = resized
        ? dst.create_dataset({ name: key, data: resized as never, shape: [resized.length], dtype: e.dtype })
        : dst.create_dataset({ name: key, data: value as never, shape: e.shape, dtype: e.dtype });
      copyAttrs(e, d, refs, srcFile);
    } else {
      throw new Error(`grow: unexpected object ${src.path}/${key} in the template`);
    }
  }
}

export /** Runs fn without HDF5's printed error stack (the expected "no input buffer" above). The node
 *  build of h5wasm writes fd 2 with fs.writeSync, so that is what is held back; files pass through. */
function quietly(fn: () => void): void {
  const writeSync = fs.writeSync;
  const mutable = fs as { writeSync: (...a: unknown[]) => number };
  mutable.writeSync = (fd: unknown, ...rest: unknown[]) =>
    // (fd, buffer, offset, length): report the length as written, or the writer would retry forever
    fd === 2 ? Number(rest[2] ?? 0) : (writeSync as (...a: unknown[]) => number)(fd, ...rest);
  try {
    fn();
  } finally {
    mutable.writeSync = writeSync as never;
  }
}

export async function generate(f: BenchFile): Promise<void> {
  const Module = await h5wasm.ready;
  const tmp = `${f.path}.tmp`;
  rmSync(tmp, { force: true });
  if (f.filter) Module.FS.writeFile(`${pluginDir(Module)}/${f.filter.plugin}`, loadNodePlugin(f.filter.plugin));
  const src = new h5wasm.File(join(TEMPLATES, f.template), "r");
  const templateChannels = (src.get(`${SERIES}/data`) as Dataset).shape![1]!;
  // The electrodes table's columns and the series' region, when the file is wider or narrower than its template.
  const perElectrode = <T>(path: string, values: T[]): T[] =>
    f.channels !== templateChannels &&
    values.length === templateChannels &&
    (path.startsWith(ELECTRODES) || path === `${SERIES}/electrodes`)
      ? resizeColumn(values, f.channels)
      : values;
  // h5py's default bounds, so the file has the format of a pynwb one (superblock 0, v1 B-tree chunk index).
  const dst = new h5wasm.File(tmp, "w", { libver: ["earliest", "latest"] });
  try {
    const refs: Array<() => void> = [];
    copyAttrs(src, dst, refs, src);
    copyTree(
      src,
      dst,
      src,
      refs,
      (g) => {
        // h5wasm's create_dataset wants the whole array; a null buffer makes HDF5 create the dataset
        // and refuse the write ("no output buffer"), so storage is filled below, block by block.
        const meta = {
          ...dtype_to_metadata(f.dtype),
          shape: [BigInt(f.rows), BigInt(f.channels)],
          maxshape: [BigInt(f.rows), BigInt(f.channels)],
          chunks: f.chunks?.map(BigInt) ?? null,
          compression: f.filter?.id ?? (f.chunks ? 1 : 0),
          compression_opts: f.filter?.opts ?? (f.chunks ? [f.gzipLevel] : []),
          track_order: false,
        };
        quietly(() => Module.create_dataset(dst.file_id, `${g.path}/data`, 0n, meta as never));
      },
      perElectrode,
    );
    while (refs.length) refs.shift()!(); // may queue more: reference attributes of reference datasets
    const data = dst.get(`${SERIES}/data`) as Dataset;
    // Blocks of whole chunk rows, ~16 MB (one chunk row when that is larger: NeuroConv's 10 MB chunks across
    // 1,536 channels make 240 MB), so that every chunk is compressed once and memory stays flat.
    const item = f.dtype === "<h" ? 2 : 8;
    const step = f.chunks
      ? f.chunks[0] * Math.max(1, Math.floor(2 ** 24 / (f.chunks[0] * f.channels * item)))
      : 2 ** 20;
    const rand = rng(0x5eed + f.rows);
    for (let r0 = 0; r0 < f.rows; r0 += step) {
      const n = Math.min(step, f.rows - r0);
      data.write_slice(
        [
          [r0, r0 + n],
          [0, f.channels],
        ],
        fillBlock(f, r0, n, rand),
      );
    }
  } finally {
    dst.close();
    src.close();
  }
  renameSync(tmp, f.path);
}

export function describeFile(f: BenchFile): string {
  const filter = f.filter ? f.filter.name : `gzip ${f.gzipLevel}`;
  const layout = f.chunks ? `chunks ${f.chunks.join("×")}, ${filter}` : "contiguous";
  const disk = existsSync(f.path) ? (statSync(f.path).size / 1e6).toFixed(0) : "?";
  return `${f.id}: [${f.rows}, ${f.channels}] ${f.dtype}, ${(f.bytes / 1e6).toFixed(0)} MB of samples, ${layout}, ${disk} MB on disk`;
}

function stamp(f: BenchFile): string {
  return createHash("sha256")
    .update(JSON.stringify({ GENERATOR_VERSION, ...f }))
    .digest("hex");
}

/** Makes the files that are missing or were made by another generator version; returns all of them. */
export async function ensureBenchFiles(
  log: (s: string) => void = console.log,
  files: BenchFile[] = BENCH_FILES,
): Promise<BenchFile[]> {
  mkdirSync(DATA_DIR, { recursive: true });
  for (const f of files) {
    const stampPath = `${f.path}.stamp`;
    if (existsSync(f.path) && existsSync(stampPath) && readFileSync(stampPath, "utf8") === stamp(f)) continue;
    const t0 = performance.now();
    await generate(f);
    writeFileSync(stampPath, stamp(f));
    const mb = (statSync(f.path).size / 1e6).toFixed(0);
    log(`generated ${f.id}: ${mb} MB on disk in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await ensureBenchFiles();

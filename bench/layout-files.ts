// The layouts real writers produce (issue 16): the 384-channel template grown as NeuroConv, hdmf and a full-width
// writer lay out an ElectricalSeries, beside the contiguous B2 file. Cached like the other bench files (grow.ts);
// alone: `node --import tsx bench/layout-files.ts` (BENCH_DATA_DIR for another folder), one line per file.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BENCH_FILES, DATA_DIR, describeFile, ensureBenchFiles, type BenchFile, type FilterSpec } from "./grow";

const ITEM = 2; // int16, as the acquisition systems record

/** NeuroConv's ElectricalSeries chunks: ~10 MB of at most 64 channels, capped at the frame count. */
export function neuroconvChunks(frames: number, channels: number, item: number): [number, number] {
  const width = Math.min(64, channels);
  return [Math.min(frames, Math.floor(10e6 / (width * item))), width];
}

/** hdmf's GenericDataChunkIterator default (chunk_mb 10): the dataset's aspect ratio kept, ~10 MB per chunk. A long
 *  (T, C) array gets long narrow chunks: (1,800,000, 128) int16 → (253116, 18). */
export function hdmfGenericChunks(shape: [number, number], item: number, chunkMb = 10): [number, number] {
  const bytes = chunkMb * 1e6;
  const least = Math.min(...shape);
  let v = shape.map((n) => Math.floor(n / least));
  let prod = v[0]! * v[1]!;
  while (prod * item > bytes && prod !== 1) {
    const unit = Math.min(...v.filter((x) => x !== 1));
    v = v.map((x) => (x !== 1 ? Math.floor(x / unit) : x));
    prod = v[0]! * v[1]!;
  }
  const k = Math.floor((bytes / (prod * item)) ** (1 / 2));
  return [Math.min(k * v[0]!, shape[0]), Math.min(k * v[1]!, shape[1])];
}

/** NeuroConv's global Blosc setting, Blosc(cname="zstd", clevel=5, shuffle): HDF5 filter 32001 with hdf5plugin's
 *  client values (the plugin fills in the first four: its version, Blosc's, the type size and the chunk bytes). */
export const BLOSC_ZSTD5_SHUFFLE: FilterSpec = {
  name: "blosc zstd 5 shuffle",
  id: 32001,
  opts: [0, 0, 0, 0, 5, 1, 5],
  plugin: "libH5Zblosc.so",
};

function layout(
  id: string,
  writer: string,
  rows: number,
  channels: number,
  chunks: [number, number],
  filter?: FilterSpec,
): BenchFile {
  return {
    id,
    template: "template384.nwb",
    rows,
    channels,
    dtype: "<h",
    chunks,
    gzipLevel: filter ? 0 : 4,
    path: join(DATA_DIR, `${id}.nwb`),
    bytes: rows * channels * ITEM,
    ...(filter ? { filter } : {}),
    writer,
  };
}

const S20 = 600_000; // 20 s at 30 kHz

/** The issue's table, in its order; the contiguous file is the existing B2 one. */
export const LAYOUT_FILES: BenchFile[] = [
  BENCH_FILES.find((f) => f.id === "B2-float64-contig-960MB")!,
  layout("FW384-int16-gzip-20s", "full-width ~4 MiB chunks", S20, 384, [Math.floor((4 * 2 ** 20) / (384 * ITEM)), 384]),
  layout("NC384-int16-gzip-20s", "NeuroConv default", S20, 384, neuroconvChunks(S20, 384, ITEM)),
  layout("NC384-int16-gzip-10s", "NeuroConv default", S20 / 2, 384, neuroconvChunks(S20 / 2, 384, ITEM)),
  layout("NC384-int16-blosc-20s", "NeuroConv + Blosc", S20, 384, neuroconvChunks(S20, 384, ITEM), BLOSC_ZSTD5_SHUFFLE),
  layout("HG128-int16-gzip-60s", "hdmf generic", 1_800_000, 128, hdmfGenericChunks([1_800_000, 128], ITEM)),
  layout("NC1536-int16-gzip-6s", "NeuroConv default", 180_000, 1536, neuroconvChunks(180_000, 1536, ITEM)),
];

/** One line per file: id, shape and dtype, chunks and filter, sizes, the writer it imitates. */
export const describeLayout = (f: BenchFile): string => `${describeFile(f)}${f.writer ? ` (${f.writer})` : ""}`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of await ensureBenchFiles((s) => console.error(s), LAYOUT_FILES)) console.log(describeLayout(f));
}

// Writes the tables benchmark's NWB files (issue 15, point 5) with h5wasm's node build, straight to disk, cached in
// bench/data/tables/ by their parameters: one big units table as NeuroConv writes one (5,000 units, 50 M spike
// times in ~10 MB gzip chunks, 10 quality metrics) and 20 small session files for the combine path.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import h5wasm, { dtype_to_metadata, type Dataset, type Group } from "h5wasm/node";
import { seededRandom } from "../../test/seeded-random";
import { DATA_DIR, quietly } from "../grow";

/** Bump when the generated content changes: cached files with another version are remade. */
const GENERATOR_VERSION = 2;
export const TABLES_DIR = join(DATA_DIR, "tables");

/** SpikeInterface's quality metrics, as NeuroConv adds them to /units; all float64. The first two are filtered on. */
export const METRICS = [
  "presence_ratio",
  "isi_violations_ratio",
  "amplitude_cutoff",
  "snr",
  "firing_rate",
  "amplitude_median",
  "d_prime",
  "l_ratio",
  "silhouette",
  "nn_hit_rate",
] as const;

/** The filter the issue measures: it keeps `survivors` units of each file, exactly. */
export const WHERE = ["presence_ratio > 0.5", "isi_violations_ratio < 0.2"];
const keeps = (presence: number, isi: number) => presence > 0.5 && isi < 0.2;

export interface UnitsFileSpec {
  /** The file's name in TABLES_DIR (sessions in TABLES_DIR/sessions). */
  name: string;
  units: number;
  spikes: number;
  /** Units that pass WHERE; chosen at random positions, so that they fall in every chunk of spike_times. */
  survivors: number;
  /** The survivors' part of all spike times. */
  survivorShare: number;
  /** Elements per chunk of spike_times (10 MB of float64 at 1,250,000). */
  chunk: number;
  gzipLevel: number;
  /** Recording length: spike times fall in [0, seconds). */
  seconds: number;
  seed: number;
}

export interface UnitsFile extends UnitsFileSpec {
  path: string;
  /** Spike times of the units that pass WHERE (what the export reads from spike_times). */
  survivorSpikes: number;
}

/** The big file: the figures (481 of 5,000 units pass, ~4.9 M of their spike times). */
export const BIG: UnitsFileSpec = {
  name: "units-5000x50M.nwb",
  units: 5_000,
  spikes: 50_000_000,
  survivors: 481,
  survivorShare: 0.098,
  chunk: 1_250_000,
  gzipLevel: 4,
  seconds: 3_600,
  seed: 15,
};

/** 20 sessions of 150–245 units, ~1,000 spikes each: a lab's units tables, combined across files. */
export const SESSIONS: UnitsFileSpec[] = Array.from({ length: 20 }, (_, i) => {
  const units = 150 + 5 * i;
  return {
    name: `sessions/session-${String(i + 1).padStart(2, "0")}.nwb`,
    units,
    spikes: units * 1_000,
    survivors: Math.round(units * 0.0962),
    survivorShare: 0.098,
    chunk: 1_250_000,
    gzipLevel: 4,
    seconds: 600,
    seed: 1_000 + i,
  };
});

function gauss(rand: () => number): number {
  // Box–Muller; 1 − u keeps the log finite
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Spikes per unit: log-normal firing rates (as recorded units have), summing to exactly `total`, the units of
 *  `pass` holding `share` of them (the file: 4.9 M of 50 M), so that the export reads what it read there. */
function spikeCounts(spec: UnitsFileSpec, pass: Set<number>, rand: () => number): Uint32Array {
  const { units, spikes: total, survivorShare: share } = spec;
  const w = Float64Array.from({ length: units }, () => Math.exp(0.8 * gauss(rand)));
  let inPass = 0;
  let outside = 0;
  w.forEach((x, u) => (pass.has(u) ? (inPass += x) : (outside += x)));
  const scale = (share * outside) / ((1 - share) * inPass);
  for (const u of pass) w[u]! *= scale;
  const sum = w.reduce((a, b) => a + b, 0);
  const counts = Uint32Array.from(w, (x) => Math.floor((total * x) / sum));
  let left = total - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % units, left--) counts[i]!++;
  return counts;
}

/** `k` distinct positions of [0, n), by a partial Fisher–Yates shuffle. */
function choose(n: number, k: number, rand: () => number): Set<number> {
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (n - i));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return new Set(all.subarray(0, k));
}

/** The metric columns: plausible values, with exactly the chosen units passing WHERE (redrawn until they agree). */
function metrics(
  spec: UnitsFileSpec,
  pass: Set<number>,
  counts: Uint32Array,
  rand: () => number,
): Record<string, Float64Array> {
  const col = () => new Float64Array(spec.units);
  const m = Object.fromEntries(METRICS.map((name) => [name, col()])) as Record<(typeof METRICS)[number], Float64Array>;
  for (let u = 0; u < spec.units; u++) {
    let presence: number, isi: number;
    do {
      presence = Math.min(1, Math.max(0, 1.1 * rand() - 0.05));
      isi = -Math.log(1 - rand()) * 0.9; // exponential: most units clean, a tail of contaminated ones
    } while (keeps(presence, isi) !== pass.has(u));
    m.presence_ratio[u] = presence;
    m.isi_violations_ratio[u] = isi;
    // SpikeInterface gives NaN where the amplitude histogram is too thin to fit (null in the output)
    m.amplitude_cutoff[u] = rand() < 0.04 ? NaN : 0.5 * rand() ** 2;
    m.snr[u] = Math.exp(1.5 + 0.5 * gauss(rand));
    m.firing_rate[u] = counts[u]! / spec.seconds;
    m.amplitude_median[u] = Math.exp(4.5 + 0.6 * gauss(rand));
    m.d_prime[u] = Math.max(0, 4 + 1.5 * gauss(rand));
    m.l_ratio[u] = Math.exp(-4 + 2 * gauss(rand));
    m.silhouette[u] = Math.max(-1, Math.min(1, 0.3 + 0.2 * gauss(rand)));
    m.nn_hit_rate[u] = Math.min(1, Math.max(0, 0.85 + 0.1 * gauss(rand)));
  }
  return m;
}

/** One unit's spike times: uniform order statistics (cumulative exponential gaps) on 30 kHz sample times, sorted. */
function unitSpikes(n: number, seconds: number, rand: () => number, out: Float64Array): void {
  let s = 0;
  for (let k = 0; k < n; k++) {
    s -= Math.log(1 - rand());
    out[k] = s;
  }
  const scale = seconds / (s - Math.log(1 - rand()));
  for (let k = 0; k < n; k++) out[k] = Math.floor(out[k]! * scale * 30_000) / 30_000;
}

/** hdmf stores a VectorIndex in the smallest unsigned type that holds its last offset. */
const indexType = (last: number) => (last < 2 ** 8 ? "<B" : last < 2 ** 16 ? "<H" : "<I");

function typed(ds: Dataset | Group, type: string, namespace: string, description?: string): void {
  if (description !== undefined) ds.create_attribute("description", description);
  ds.create_attribute("namespace", namespace);
  ds.create_attribute("neurodata_type", type);
  ds.create_attribute("object_id", randomUUID());
}

/** The NWBFile skeleton pynwb writes (what the page's reader and a DynamicTable's reader look at). */
function nwbFile(f: InstanceType<typeof h5wasm.File>, identifier: string): void {
  f.create_attribute("namespace", "core");
  f.create_attribute("neurodata_type", "NWBFile");
  f.create_attribute("nwb_version", "2.7.0");
  f.create_attribute("object_id", randomUUID());
  f.create_dataset({ name: "identifier", data: identifier });
  f.create_dataset({ name: "session_description", data: "tables benchmark (nwb2pennsieve bench/tables)" });
  f.create_dataset({ name: "session_start_time", data: "2026-12-07T00:00:00+00:00" });
  f.create_dataset({ name: "timestamps_reference_time", data: "2026-12-07T00:00:00+00:00" });
  f.create_dataset({ name: "file_create_date", data: ["2026-12-07T00:00:00+00:00"] });
  for (const g of ["acquisition", "analysis", "general", "processing", "stimulus"]) f.create_group(g);
  const stim = f.get("stimulus") as Group;
  stim.create_group("presentation");
  stim.create_group("templates");
}

/** A small column in one gzip chunk, as NeuroConv's default backend configuration writes every dataset. */
function smallColumn(g: Group, name: string, data: Float64Array | BigInt64Array | Uint32Array, dtype: string): Dataset {
  return g.create_dataset({ name, data, dtype, chunks: [data.length], compression: "gzip", compression_opts: 4 });
}

export async function writeUnitsFile(spec: UnitsFileSpec, path: string): Promise<number> {
  const Module = await h5wasm.ready;
  const rand = seededRandom(spec.seed);
  const pass = choose(spec.units, spec.survivors, rand);
  const counts = spikeCounts(spec, pass, rand);
  const m = metrics(spec, pass, counts, rand);
  const tmp = `${path}.partial`;
  rmSync(tmp, { force: true });
  // h5py's default bounds: superblock 0, v1 B-tree chunk index, as in a pynwb or NeuroConv file.
  const f = new h5wasm.File(tmp, "w", { libver: ["earliest", "latest"] });
  try {
    nwbFile(f, `bench-tables-${spec.name}`);
    const units = f.create_group("units");
    units.create_attribute("colnames", ["spike_times", ...METRICS]);
    typed(units, "Units", "core", "Autogenerated by neuroconv.");

    const ids = smallColumn(
      units,
      "id",
      BigInt64Array.from({ length: spec.units }, (_, i) => BigInt(i)),
      "<q",
    );
    typed(ids, "ElementIdentifiers", "hdmf-common");

    // spike_times: created empty, then filled a chunk at a time (whole chunks, so each is compressed once and
    // memory stays at one chunk).
    const chunk = Math.min(spec.chunk, spec.spikes);
    const meta = {
      ...dtype_to_metadata("<d"),
      shape: [BigInt(spec.spikes)],
      maxshape: [BigInt(spec.spikes)],
      chunks: [BigInt(chunk)],
      compression: 1,
      compression_opts: [spec.gzipLevel],
      track_order: false,
    };
    quietly(() => Module.create_dataset(f.file_id, "/units/spike_times", 0n, meta as never));
    const times = units.get("spike_times") as Dataset;
    typed(times, "VectorData", "hdmf-common", "the spike times for each unit in seconds");
    const buf = new Float64Array(chunk);
    const one = new Float64Array(Math.max(...counts));
    let filled = 0;
    let written = 0;
    const index = new Uint32Array(spec.units);
    for (let u = 0; u < spec.units; u++) {
      const n = counts[u]!;
      unitSpikes(n, spec.seconds, rand, one);
      for (let k = 0; k < n;) {
        const take = Math.min(n - k, chunk - filled);
        buf.set(one.subarray(k, k + take), filled);
        filled += take;
        k += take;
        if (filled === chunk) {
          times.write_slice([[written, written + chunk]], buf);
          written += chunk;
          filled = 0;
        }
      }
      index[u] = written + filled;
    }
    if (filled) times.write_slice([[written, written + filled]], buf.subarray(0, filled));

    const idx = smallColumn(units, "spike_times_index", index, indexType(spec.spikes));
    idx.create_attribute("description", "Index for VectorData 'spike_times'");
    idx.create_attribute("namespace", "hdmf-common");
    idx.create_attribute("neurodata_type", "VectorIndex");
    idx.create_attribute("object_id", randomUUID());
    idx.create_attribute("target", times.create_reference());

    for (const name of METRICS) typed(smallColumn(units, name, m[name], "<d"), "VectorData", "hdmf-common", name);
  } finally {
    f.close();
  }
  renameSync(tmp, path);
  let kept = 0;
  for (let u = 0; u < spec.units; u++) if (keeps(m.presence_ratio[u]!, m.isi_violations_ratio[u]!)) kept += counts[u]!;
  return kept;
}

function stamp(spec: UnitsFileSpec): string {
  return createHash("sha256")
    .update(JSON.stringify({ GENERATOR_VERSION, ...spec }))
    .digest("hex");
}

/** Writes the files that are missing or stale (by their parameters and GENERATOR_VERSION); returns all of them. */
export async function ensureTablesFiles(
  log: (s: string) => void = console.log,
): Promise<{ big: UnitsFile; sessions: UnitsFile[] }> {
  const ensure = async (spec: UnitsFileSpec): Promise<UnitsFile> => {
    const path = join(TABLES_DIR, spec.name);
    const stampPath = `${path}.stamp.json`;
    const want = stamp(spec);
    if (existsSync(path) && existsSync(stampPath)) {
      const have = JSON.parse(readFileSync(stampPath, "utf8")) as { stamp: string; survivorSpikes: number };
      if (have.stamp === want) return { ...spec, path, survivorSpikes: have.survivorSpikes };
    }
    mkdirSync(join(path, ".."), { recursive: true });
    const t0 = performance.now();
    const survivorSpikes = await writeUnitsFile(spec, path);
    writeFileSync(stampPath, JSON.stringify({ stamp: want, survivorSpikes }));
    const mb = (statSync(path).size / 1e6).toFixed(1);
    log(`generated ${spec.name}: ${mb} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return { ...spec, path, survivorSpikes };
  };
  const big = await ensure(BIG);
  const sessions: UnitsFile[] = [];
  for (const s of SESSIONS) sessions.push(await ensure(s));
  return { big, sessions };
}

if (process.argv[1]?.endsWith("generate.ts")) {
  const { big, sessions } = await ensureTablesFiles();
  console.log(`${big.path}: ${big.survivors} of ${big.units} units pass, ${big.survivorSpikes} spike times`);
  console.log(`${sessions.length} sessions in ${join(TABLES_DIR, "sessions")}`);
}

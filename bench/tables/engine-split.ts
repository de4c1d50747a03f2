// The CLI's export split in this process: the engine reading the view's batches (TableView.batchesAsync, as the CLI
// and the page's export read them) apart from the export writer, with every chunk inflate counted, so that it shows
// whether each chunk of spike_times is inflated once and how the time divides between reading and writing.
// usage: node --import tsx bench/tables/engine-split.ts   (also part of bench/tables/run.ts)
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { openTableFiles } from "../../src/cli/tables-command";
import { parseCondition } from "../../src/core/tables/condition";
import { tableWriter, type ExportFormat } from "../../src/core/tables/export/index";
import { TableView } from "../../src/core/tables/table-view";
import { median } from "../process-run";
import { ensureTablesFiles, METRICS, WHERE, type UnitsFile } from "./generate";

/** The CLI's batch size (src/cli/tables-command.ts). */
const BATCH_ROWS = 256;

export interface SplitRun {
  format: ExportFormat;
  /** Opening the view: the filter columns read, the rows chosen. */
  openMs: number;
  /** Awaiting the batches (reading and decoding the columns, inflates included). */
  readMs: number;
  /** The writer's write and end calls. */
  writeMs: number;
  inflates: number;
  /** Distinct chunks among the inflates (by their stored bytes). */
  chunks: number;
  inflatedMB: number;
  outMB: number;
}

async function split(big: UnitsFile, format: ExportFormat): Promise<SplitRun> {
  const { files, close } = await openTableFiles([big.path]);
  const seen = new Set<string>();
  let inflates = 0;
  let inflated = 0;
  for (const f of files) {
    const direct = f.direct;
    if (!direct) continue;
    const inner = direct.inflate;
    direct.inflate = async (data, into, size, wanted) => {
      inflates++;
      seen.add(createHash("sha1").update(data.subarray(0, 4096)).update(String(data.length)).digest("hex"));
      const out = await inner(data, into, size, wanted);
      inflated += out.length;
      return out;
    };
  }
  try {
    const t0 = performance.now();
    const view = TableView.open(files, {
      table: "units",
      columns: [...METRICS, "spike_times"],
      where: WHERE.map(parseCondition),
    });
    const openMs = performance.now() - t0;
    if (view.count !== big.survivors) throw new Error(`the view has ${view.count} rows, not ${big.survivors}`);
    const writer = tableWriter(format, view.columns, view.fileColumns);
    let readMs = 0;
    let writeMs = 0;
    let out = 0;
    let t = performance.now();
    for await (const batch of view.batchesAsync(BATCH_ROWS)) {
      const t1 = performance.now();
      readMs += t1 - t;
      for (const b of await writer.write(batch.file, batch.rows)) out += b.length;
      t = performance.now();
      writeMs += t - t1;
    }
    const t2 = performance.now();
    for (const b of (await writer.end()).bytes) out += b.length;
    writeMs += performance.now() - t2;
    return {
      format,
      openMs,
      readMs,
      writeMs,
      inflates,
      chunks: seen.size,
      inflatedMB: inflated / 1e6,
      outMB: out / 1e6,
    };
  } finally {
    close();
  }
}

/** Each format `reps` times (env BENCH_REPS, default 3), interleaved; prints medians and the inflate counts. */
export async function runEngineSplit(big: UnitsFile, reps = Number(process.env.BENCH_REPS ?? 3)): Promise<SplitRun[]> {
  const formats: ExportFormat[] = ["parquet", "jsonl"];
  const runs: SplitRun[] = [];
  for (let i = 0; i < reps; i++) for (const f of formats) runs.push(await split(big, f));
  console.log(
    `\nthe export in-process: engine (TableView.batchesAsync, ${BATCH_ROWS} rows a batch) and writer apart\n`,
  );
  for (const f of formats) {
    const r = runs.filter((x) => x.format === f);
    const m = (k: "openMs" | "readMs" | "writeMs") => median(r.map((x) => x[k])).toFixed(0);
    const last = r.at(-1)!;
    console.log(
      `  ${f.padEnd(8)} open ${m("openMs")} ms, read ${m("readMs")} ms, write ${m("writeMs")} ms; ` +
        `${last.inflates} inflates of ${last.chunks} distinct chunks (${last.inflatedMB.toFixed(0)} MB), ` +
        `${last.outMB.toFixed(1)} MB out`,
    );
  }
  return runs;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { big } = await ensureTablesFiles();
  await runEngineSplit(big);
}

// The page's export path in node, in one process: TableView.batchesAsync with the page's WebAssembly inflate (on
// this thread, as the HDF5 worker does when the encode pool is busy), then the export writer, bytes dropped. It
// separates the engine and the writers from the browser: seconds reading and writing, and the process's peak RSS.
//   node --import tsx bench/tables/in-process.ts [parquet|jsonl|csv|json]
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCondition } from "../../src/core/tables/condition";
import { tableWriter, type ExportFormat } from "../../src/core/tables/export";
import { TableView } from "../../src/core/tables/table-view";
import { openNodeSet } from "../../src/node/engine";
import { pageInflate } from "../../src/worker/page-inflate";
import { METRICS, WHERE } from "./generate";

const ROOT = join(fileURLToPath(import.meta.url), "..", "..", "..");
const format = (process.argv[2] ?? "parquet") as ExportFormat;
const path = join(ROOT, "bench", "data", "tables", "units-5000x50M.nwb");

const opened = await openNodeSet([path]);
const name = opened.set.names[0]!;
let peak = 0;
let peakBuffers = 0;
let peakAt = "";
const sample = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
  const m = process.memoryUsage();
  peakBuffers = Math.max(peakBuffers, m.arrayBuffers);
  if (m.rss >= peak) peakAt = `heap ${(m.heapTotal / 1e6).toFixed(0)}, external ${(m.external / 1e6).toFixed(0)}`;
}, 20);
const t0 = performance.now();
const view = TableView.open(
  [{ name, file: opened.set.file(name), direct: { source: opened.set.source(name), inflate: pageInflate } }],
  { table: "units", columns: [...METRICS, "spike_times"], where: WHERE.map(parseCondition) },
);
const writer = tableWriter(format, view.columns, view.fileColumns);
let reading = 0;
let writing = 0;
let bytes = 0;
let mark = performance.now();
for await (const batch of view.batchesAsync(256)) {
  const got = performance.now();
  reading += got - mark;
  for (const chunk of await writer.write(batch.file, batch.rows)) bytes += chunk.length;
  mark = performance.now();
  writing += mark - got;
}
for (const chunk of (await writer.end()).bytes) bytes += chunk.length;
clearInterval(sample);
peak = Math.max(peak, process.memoryUsage.rss());
const s = (ms: number) => (ms / 1000).toFixed(2);
console.log(
  `${format}: ${view.count} rows, ${(bytes / 1e6).toFixed(1)} MB in ${s(performance.now() - t0)} s ` +
    `(waiting on reads ${s(reading)} s, writing ${s(writing)} s), peak RSS ${(peak / 1e6).toFixed(0)} MB (array buffers ${(peakBuffers / 1e6).toFixed(0)} MB; at the peak: ${peakAt})`,
);
opened.close();

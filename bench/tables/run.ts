// The tables benchmark (issue 15, point 5): `npm run bench` ends with it (BENCH_TABLES=0 skips it); alone:
//   node --import tsx bench/tables/run.ts   (env BENCH_REPS, default 3; BENCH_TABLES_PARTS, default "cli,floor,engine,page")
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { envList } from "../process-run";
import { runTablesCliBench } from "./cli";
import { ensureTablesFiles } from "./generate";

const ROOT = join(fileURLToPath(import.meta.url), "..", "..", "..");

/** Runs the parts asked for; false when a run failed its check. */
export async function runTablesBench(): Promise<boolean> {
  const parts = envList("BENCH_TABLES_PARTS") ?? ["cli", "floor", "engine", "page"];
  const t0 = performance.now();
  const { big, sessions } = await ensureTablesFiles();
  console.log(
    `${big.name}: ${big.units} units, ${big.spikes} spike times (chunks of ${big.chunk}, gzip ${big.gzipLevel}); ` +
      `${big.survivors} units pass ${WHERE_TEXT}, holding ${big.survivorSpikes} spike times; ${sessions.length} session files`,
  );
  const out: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, big, sessions };
  let ok = true;
  if (parts.includes("cli")) {
    const rows = runTablesCliBench(big, sessions);
    out.cli = rows;
    if (rows?.some((r) => r.runs.some((x) => !x.ok))) ok = false;
  }
  if (parts.includes("floor")) {
    const { runFloor } = await import("./floor");
    out.floor = await runFloor(big);
  }
  if (parts.includes("engine")) {
    const { runEngineSplit } = await import("./engine-split");
    out.engine = await runEngineSplit(big);
  }
  if (parts.includes("page")) {
    const { runTablesPageBench } = await import("./page");
    const page = await runTablesPageBench(big, sessions);
    out.page = page;
    if (page && !page.ok) ok = false;
  }
  const dir = join(ROOT, "bench", "out");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "tables.json"), JSON.stringify(out, null, 2));
  console.log(`results: bench/out/tables.json (tables bench took ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  return ok;
}

const WHERE_TEXT = '"presence_ratio > 0.5" and "isi_violations_ratio < 0.2"';

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = (await runTablesBench()) ? 0 : 1;
}

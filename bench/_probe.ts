import { BENCH_FILES, generate } from "./grow.ts";
const a = { ...BENCH_FILES[0]!, rows: 5000, path: "/tmp/probeA.nwb" };
const b = { ...BENCH_FILES[2]!, rows: 3_000_001, path: "/tmp/probeB.nwb" };
for (const f of [a, b]) { const t=performance.now(); await generate(f); console.log(f.path, performance.now()-t); }

/**
 * Seeded corruptions of the fixtures through the real CLI process: each must
 * end within the watchdog's deadline, and either convert or refuse in one
 * line that names the file (no HDF5 stack, no JavaScript stack), leaving no output.
 *
 * FUZZ_SEED (1), FUZZ_COUNT (25), FUZZ_FIRST (0), FUZZ_DEADLINE_S (5) and
 * FUZZ_PARALLEL (2) make longer runs; a failure names "seed S case I", which
 * FUZZ_SEED=S FUZZ_FIRST=I FUZZ_COUNT=1 runs again. FUZZ_LOG=<file> appends
 * each case's outcome there as a JSON line (to tally the refusals' reasons).
 *
 * The default is what `npm test` can afford: a case is a CLI process of ~1.2 CPU s (0.8 s a case two at a time on a
 * quiet 2-core machine; 100 cases were 84 s of the Node tests' 220 s), so 5 cases of each kind of damage (case i is
 * kind i mod 5), the same 25 as the first of any longer run of the seed. Seed 1's first 100 had no outcome the first
 * 25 lack: none reached the watchdog; 56 converted, 44 were refused in one line as truncated, a chunk that cannot be
 * decoded (Blosc, LZ4, deflate) or a buffer too large. The bugs long runs found stay as fixed REGRESSIONS;
 * hunting for new ones is a long run's job (FUZZ_COUNT=2000).
 */
import { spawn } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NWB } from "../golden";
import { fixtureInfo } from "./chunks";
import {
  applyCorruption,
  corruptions,
  describeCase,
  REGRESSIONS,
  type CorruptionCase,
  type FixtureInfo,
} from "./corrupt";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SEED = env("FUZZ_SEED", 1);
const COUNT = env("FUZZ_COUNT", 25);
const FIRST = env("FUZZ_FIRST", 0);
const DEADLINE_S = env("FUZZ_DEADLINE_S", 5);
const PARALLEL = env("FUZZ_PARALLEL", 2);
const LOG = process.env["FUZZ_LOG"];
/** Start-up, h5wasm's instantiation and the watchdog's one-second checks, on a loaded 2-core machine. */
const SLACK_S = 15;

/** Fixtures that convert on their own (no external links, not a family). */
const FIXTURES = [
  "blosc16.nwb",
  "bloscz16.nwb",
  "gaps4.nwb",
  "hostile.nwb",
  "intan32.nwb",
  "lz4_16.nwb",
  "sine2.nwb",
  "starting.nwb",
  "subset6.nwb",
  "tables.nwb",
  "twoseries.nwb",
];

const CLI = join(import.meta.dirname, "..", "..", "bin", "nwb2pennsieve.mjs");
const work = mkdtempSync(join(tmpdir(), "nwb-fuzz-"));
const originals = new Map(FIXTURES.map((f) => [f, new Uint8Array(readFileSync(join(NWB, f)))]));
const infos: FixtureInfo[] = [];
const tally = { converted: 0, refused: 0, hung: 0 };

beforeAll(async () => {
  for (const [name, bytes] of originals) infos.push(await fixtureInfo(name, bytes));
});
afterAll(() => {
  console.log(`fuzz seed ${SEED}: ${JSON.stringify(tally)}`);
  rmSync(work, { recursive: true, force: true });
});

/** At most PARALLEL CLI processes at a time (vitest would start every concurrent test at once). */
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= PARALLEL) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  hung: boolean;
}

function convert(input: string, out: string): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, "convert", input, "--out", out, "--chunk-mb", "1"], {
    env: { ...process.env, NWB2PENNSIEVE_DEADLINE_S: String(DEADLINE_S) },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  let hung = false;
  const limit = setTimeout(
    () => {
      hung = true;
      child.kill("SIGKILL");
    },
    (DEADLINE_S + SLACK_S) * 1000,
  );
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(limit);
      resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000, hung });
    }),
  );
}

/** The case's file is named after it, so the one line must name exactly this file. */
const fileName = (c: CorruptionCase) => `s${c.seed}-c${c.index}-${c.fixture}`;

async function check(c: CorruptionCase): Promise<void> {
  const input = join(work, fileName(c));
  const out = join(work, `out-${c.seed}-${c.index}`);
  // Written when its turn comes: thousands of damaged copies need not wait on disk together.
  const r = await slot(() => {
    writeFileSync(input, applyCorruption(originals.get(c.fixture)!, c));
    return convert(input, out);
  });
  rmSync(input, { force: true });
  const left = existsSync(out) ? readdirSync(out) : [];
  rmSync(out, { recursive: true, force: true });
  const what = `${describeCase(c)} (exit ${r.code} after ${r.seconds.toFixed(1)} s): ${r.stderr.trim()}`;
  if (LOG) appendFileSync(LOG, JSON.stringify({ case: describeCase(c), ...r, left: left.length }) + "\n");
  if (r.hung) tally.hung++;
  expect(r.hung, `hung: ${what}`).toBe(false);
  if (r.code === 0) {
    tally.converted++;
    expect(r.stdout, what).toMatch(/ files, .* written /);
    return;
  }
  tally.refused++;
  expect(r.code, what).toBe(1);
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines, what).toHaveLength(1);
  expect(lines[0], what).toMatch(new RegExp(`^nwb2pennsieve: ${fileName(c).replace(/\./g, "\\.")}: \\S`));
  expect(lines[0], what).not.toMatch(/HDF5-DIAG|#\d{3}|__w\/|^\s+at /);
  // JavaScript's words are no reason a user can act on ("resolved is not a function" once came out of a plugin).
  expect(lines[0], what).not.toMatch(/is not a function|TypeError|RuntimeError|undefined|\[object /);
  expect(left, `output left behind: ${what}`).toEqual([]);
}

const cases = () => corruptions({ seed: SEED, count: COUNT, first: FIRST, fixtures: infos });

describe("damaged files through the CLI", () => {
  it.concurrent.each(REGRESSIONS.map((c) => [describeCase(c), c] as const))("%s", async (_, c) => check(c));

  // The cases need the fixtures' chunk maps, known only once beforeAll ran: one test runs them all, concurrently,
  // and reports every failing case (not only the first).
  it(`${COUNT} seeded corruptions (seed ${SEED})`, { timeout: 3_600_000 }, async () => {
    const failures: string[] = [];
    await Promise.all(
      cases().map((c) =>
        check(c).catch((e: unknown) => {
          failures.push(e instanceof Error ? e.message.split("\n")[0]! : String(e));
        }),
      ),
    );
    expect(failures).toEqual([]);
  });
});

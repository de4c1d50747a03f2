import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

export const FIXTURES = join(import.meta.dirname, "fixtures");
export const NWB = join(FIXTURES, "nwb");

export interface GoldenCase {
  case: string;
  input: string;
  inputs_beside?: string[];
  chunk_mb: number;
  series: string[];
  files: Record<string, { samples: number; sha256: string }>;
  channels: Record<string, Record<string, unknown>>;
}

export function goldenCases(): GoldenCase[] {
  const dir = join(FIXTURES, "golden");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as GoldenCase);
}

/**
 * One golden case of each kind of input, for the page's tests of a path other than a local file's conversion (by
 * URL, from DANDI, uploaded): a family of files, an external link, a filter plugin (Blosc), timestamps with gaps,
 * two series, a subset of channels. The page's conversion of every case is golden.spec.ts's; every case by URL,
 * from DANDI, uploaded and listed is checked through the same core in Node (test/dandi/remote-golden.test.ts,
 * test/upload.test.ts, test/receive.test.ts), where a case costs a tenth of a page's opening and conversion.
 */
export const PATH_CASES = [
  "family_64k",
  "linked_main_64k",
  "blosc16_128k",
  "gaps4_256k",
  "twoseries_64k",
  "subset6_all_512k",
];

/** The golden cases named, in that order. */
export const namedCases = (names: string[]): GoldenCase[] =>
  names.map((n) => goldenCases().find((g) => g.case === n) ?? assertNever(n));
const assertNever = (n: string): never => {
  throw new Error(`no golden case ${n}`);
};

export const caseInputs = (g: GoldenCase): string[] => [g.input, ...(g.inputs_beside ?? [])].map((f) => join(NWB, f));

/** Differences between converted files (name → stored bytes) and a golden case; empty when they match. */
export function compareWithGolden(g: GoldenCase, files: Map<string, Uint8Array>): string[] {
  const problems: string[] = [];
  const want = new Set([...Object.keys(g.files), ...Object.keys(g.channels)]);
  for (const name of files.keys()) if (!want.has(name)) problems.push(`unexpected ${name}`);
  for (const [name, w] of Object.entries(g.files)) {
    const bytes = files.get(name);
    if (!bytes) {
      problems.push(`missing ${name}`);
      continue;
    }
    const raw = gunzipSync(bytes);
    const sha = createHash("sha256").update(raw).digest("hex");
    if (sha !== w.sha256) problems.push(`content differs ${name} (${raw.length / 8} samples, want ${w.samples})`);
  }
  for (const [name, w] of Object.entries(g.channels)) {
    const bytes = files.get(name);
    if (!bytes) {
      problems.push(`missing ${name}`);
      continue;
    }
    const got = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    for (const k of new Set([...Object.keys(w), ...Object.keys(got)]))
      if (JSON.stringify(got[k]) !== JSON.stringify(w[k]) && got[k] !== w[k])
        problems.push(`${name}.${k} = ${JSON.stringify(got[k])}, want ${JSON.stringify(w[k])}`);
  }
  return problems;
}

export function readDir(dir: string): Map<string, Uint8Array> {
  return new Map(readdirSync(dir).map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))]));
}

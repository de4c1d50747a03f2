import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { caseInputs, goldenCases, type GoldenCase } from "./golden";

/** Recordings made by NeuroConv and PyNWB, kept outside the repository (read-only, not committed). */
const EXTERNAL = "/work/shared/fixtures/external";

export interface ReceiveCase extends GoldenCase {
  /** Absolute paths of the files to open: the input first. */
  paths: string[];
}

/**
 * Every golden case: the repository's (test/fixtures/golden, a superset of the shared ones) and, where the machine
 * has them, the external ones.
 */
export function receiveCases(): ReceiveCase[] {
  const own = goldenCases().map((g) => ({ ...g, paths: caseInputs(g) }));
  const dir = join(EXTERNAL, "golden");
  if (!existsSync(dir)) return own;
  const external = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as GoldenCase)
    .map((g) => ({ ...g, paths: [g.input, ...(g.inputs_beside ?? [])].map((f) => join(EXTERNAL, "nwb", f)) }));
  return [...own, ...external];
}

/** What a golden metadata file says of the fields the channel list shows. */
export const goldenChannel = (m: Record<string, unknown>) => ({
  name: m.name,
  group: m.group,
  unit: m.unit,
  rate: m.rate,
  start: m.start,
  end: m.end,
});

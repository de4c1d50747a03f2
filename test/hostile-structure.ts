// Writes NWB files whose structure is hostile (issue 14, item 6), at test time: the widest of them is ~18 MB, too
// big to commit, and h5wasm writes all of them in a few seconds. Each starts from a small committed fixture.
import { copyFileSync, existsSync, mkdirSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NWB } from "./golden";

/** Where the tests keep the files between runs (the name changes with what the files hold). */
export const HOSTILE_DIR = join(tmpdir(), "nwb2pennsieve-hostile-v3");

export const WIDE_CHILDREN = 100_000;
export const DEEP_LEVELS = 1_000;
/** 10 MiB of text, in an attribute of /analysis and in /session_description; it ends with a marker to look for. */
export const HUGE_TEXT_END = "<end of the huge text>";
export const HUGE_TEXT = "0123456789abcdef".repeat((10 * 1024 * 1024) / 16 - 2) + HUGE_TEXT_END.padStart(32, "-");

/** Names that draw something other than they are, as written to hostile.nwb's /analysis/names. */
export const TRICKY_NAMES = {
  rtl: "invoice\u202Efdp.exe",
  newline: "two\nlines",
  tab: "tab\there",
  ansi: "\u001b[31mred\u001b[0m",
  zeroWidth: "zero\u200Bwidth\uFEFF",
  isolate: "\u2067isolated\u2069",
} as const;

export interface HostileFiles {
  /** /analysis/wide has WIDE_CHILDREN empty groups (wide.nwb is otherwise sine2.nwb, with its series). */
  wide: string;
  /** /analysis/deep/level1/…/level999: DEEP_LEVELS nested groups (chained by hard links from deep_parts). */
  deep: string;
  /** A 10 MiB attribute (/analysis huge_note) and session_description, soft-link and hard-link cycles under /analysis/loops,
   *  TRICKY_NAMES under /analysis/names. */
  hostile: string;
  /** ping.nwb and pong.nwb link to each other: /analysis/to_other at each end, and the series' data. */
  ping: string;
  pong: string;
}

/** Writes the files into `dir` (once: an existing set is reused) and returns their paths. */
export async function writeHostileFiles(dir: string): Promise<HostileFiles> {
  mkdirSync(dir, { recursive: true });
  const files = {
    wide: join(dir, "wide.nwb"),
    deep: join(dir, "deep.nwb"),
    hostile: join(dir, "hostile-structure.nwb"),
    ping: join(dir, "ping.nwb"),
    pong: join(dir, "pong.nwb"),
  };
  if (Object.values(files).every(existsSync)) return files;
  const h5wasm = (await import("h5wasm/node")).default;
  await h5wasm.ready;
  type H5File = InstanceType<typeof h5wasm.File>;
  type H5Group = ReturnType<H5File["create_group"]>;
  // Written under a temporary name and renamed when complete, so that an interrupted run is not reused.
  const write = (path: string, from: string | null, edit: (f: H5File) => void) => {
    const partial = `${path}.partial`;
    if (from) copyFileSync(join(NWB, from), partial);
    const f = new h5wasm.File(partial, from ? "a" : "w");
    try {
      edit(f);
    } finally {
      f.close();
    }
    renameSync(partial, path);
  };
  const analysis = (f: H5File) => f.get("/analysis") as H5Group;

  write(files.wide, "sine2.nwb", (f) => {
    const wide = analysis(f).create_group("wide");
    for (let i = 0; i < WIDE_CHILDREN; i++) wide.create_group(`child${String(i).padStart(6, "0")}`);
  });

  // The others are written from scratch: a minimal NWB file (what readNwb looks at) and the hostile parts.
  const nwb = (path: string, description: string, edit: (f: H5File) => void) =>
    write(path, null, (f) => {
      f.create_attribute("nwb_version", "2.7.0");
      f.create_attribute("neurodata_type", "NWBFile");
      f.create_dataset({ name: "identifier", data: path });
      f.create_dataset({ name: "session_description", data: description });
      f.create_dataset({ name: "session_start_time", data: "2026-12-07T00:00:00+00:00" });
      for (const g of ["acquisition", "analysis", "general"]) f.create_group(g);
      edit(f);
    });

  nwb(files.deep, "deep", (f) => {
    // Creating a group 1,000 levels down by path takes HDF5 seconds (its path walk is quadratic in the depth), so
    // the levels are made side by side under deep_parts and chained by hard links: /analysis/deep/level1/…/level999.
    const parts = analysis(f).create_group("deep_parts");
    for (let i = 1; i < DEEP_LEVELS; i++) parts.create_group(`level${i}`);
    analysis(f).create_group("deep");
    for (let i = 1; i < DEEP_LEVELS; i++)
      f.create_hard_link(
        `/analysis/deep_parts/level${i}`,
        i === 1 ? "/analysis/deep/level1" : `/analysis/deep_parts/level${i - 1}/level${i}`,
      );
  });

  nwb(files.hostile, HUGE_TEXT, (f) => {
    analysis(f).create_attribute("huge_note", HUGE_TEXT);
    const loops = analysis(f).create_group("loops");
    loops.create_soft_link("/analysis/loops", "self");
    loops.create_soft_link("/analysis/loops", "twin");
    loops.create_group("a").create_soft_link("/analysis/loops", "up");
    loops.create_hard_link("/analysis/loops", "hard_back");
    loops.create_soft_link("/analysis/loops/nowhere", "dangling");
    const names = analysis(f).create_group("names");
    for (const name of Object.values(TRICKY_NAMES)) names.create_group(name);
    names.create_attribute(TRICKY_NAMES.rtl, TRICKY_NAMES.newline);
  });

  const linked = (path: string, other: string) =>
    nwb(path, `links to ${other}`, (f) => {
      analysis(f).create_external_link(other, "/analysis/to_other", "to_other");
      analysis(f).create_external_link(other, "/", "other_root");
      const raw = (f.get("/acquisition") as H5Group).create_group("Raw");
      raw.create_attribute("neurodata_type", "ElectricalSeries");
      raw.create_external_link(other, "/acquisition/Raw/data", "data");
    });
  linked(files.ping, "pong.nwb");
  linked(files.pong, "ping.nwb");
  return files;
}

import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import type { ByteSource } from "../src/core/hdf5/byte-source";
import { cachedSource } from "../src/core/hdf5/cached-source";
import { initH5 } from "../src/core/hdf5/h5";
import { Session } from "../src/core/session";
import { loadNodePlugin } from "../src/node/plugins";
import { formatReport, reportFile } from "../src/core/inspect/report";
import {
  WALK_LIMITS,
  listAttributes,
  listChildren,
  readAttributeText,
  walkTree,
  type WalkGap,
} from "../src/core/inspect/tree";
import { readNwb } from "../src/core/nwb/read-nwb";
import { MAX_TEXT_CHARS } from "../src/core/nwb/text";
import { openNodeSet } from "../src/node/engine";
import {
  HOSTILE_DIR,
  HUGE_TEXT,
  HUGE_TEXT_END,
  TRICKY_NAMES,
  WIDE_CHILDREN,
  writeHostileFiles,
  type HostileFiles,
} from "./hostile-structure";

let files: HostileFiles;
beforeAll(async () => {
  files = await writeHostileFiles(HOSTILE_DIR);
});

/** Runs `fn` on the opened set and closes it. */
async function withSet<T>(paths: string[], fn: (set: Awaited<ReturnType<typeof openNodeSet>>["set"]) => T): Promise<T> {
  const { set, close } = await openNodeSet(paths);
  try {
    return fn(set);
  } finally {
    close();
  }
}

const seconds = (since: number) => (performance.now() - since) / 1000;

describe("a group of 100,000 entries", () => {
  it("is listed a page at a time, each page looking only at its own entries", () =>
    withSet([files.wide], (set) => {
      let t = performance.now();
      const first = listChildren(set, "wide.nwb", "/analysis/wide", 0, 200);
      expect(first.total).toBe(WIDE_CHILDREN);
      expect(first.nodes.map((n) => n.name)).toEqual(
        Array.from({ length: 200 }, (_, i) => `child${String(i).padStart(6, "0")}`),
      );
      expect(first.nodes[0]).toMatchObject({ kind: "group", childCount: 0, path: "/analysis/wide/child000000" });
      expect(seconds(t)).toBeLessThan(5); // describing all 100,000 takes ~20 s
      t = performance.now();
      const last = listChildren(set, "wide.nwb", "/analysis/wide", WIDE_CHILDREN - 50, 200);
      expect(last.total).toBe(WIDE_CHILDREN);
      expect(last.nodes).toHaveLength(50);
      expect(last.nodes.at(-1)!.name).toBe("child099999");
      expect(seconds(t)).toBeLessThan(2); // the names are kept: no second listing of the group
    }));

  it("opens in a bounded number of block reads (the page reads a dropped file block by block)", async () => {
    const bytes = readFileSync(files.wide);
    let reads = 0;
    const counted: ByteSource = {
      name: "wide.nwb",
      size: bytes.length,
      read(position, length, target) {
        reads++;
        const n = Math.min(length, bytes.length - position);
        target.set(bytes.subarray(position, position + n));
        return n;
      },
    };
    const session = new Session(await initH5(loadNodePlugin), [cachedSource(counted)]);
    try {
      const [opened] = session.files(["wide.nwb"]);
      expect(opened!.error).toBeNull();
      expect(opened!.nwb!.series.map((s) => s.path)).toEqual(["/acquisition/TestElectricalSeries"]);
      expect(opened!.nwb!.series[0]!.electrodes.length).toBeGreaterThan(0);
      expect(reads).toBeLessThan(2_000); // 15,383 reads of 64 KiB (1 GB) when the electrodes table was dereferenced
    } finally {
      session.set.close();
    }
  });

  it("does not make an enormous inspect report: the first entries, then how many more", () =>
    withSet([files.wide], (set) => {
      const t = performance.now();
      const text = formatReport(reportFile(set, "wide.nwb"));
      expect(seconds(t)).toBeLessThan(30); // ~55 s when every entry was listed
      expect(text).toContain("child000499/");
      expect(text).not.toContain("child000500");
      expect(text).toContain(`… and ${WIDE_CHILDREN - 500} more entries in /analysis/wide (not listed)`);
      expect(text.split("\n").length).toBeLessThan(1000);
      expect(text).toContain("Electrical series (1)"); // the file's series is still found
      expect(text).toContain(
        "(the search stopped at its limits, 5000 entries and 32 levels: series further in are not listed)",
      );
    }));
});

describe("cycles and depth", () => {
  it("walks soft-link and hard-link cycles to an end, reporting links as links", () =>
    withSet([files.hostile], (set) => {
      const report = reportFile(set, "hostile-structure.nwb");
      const text = formatReport(report);
      expect(text).toMatch(/^ {6}self → \/analysis\/loops$/m);
      expect(text).toMatch(/^ {8}up → \/analysis\/loops$/m);
      expect(text).toMatch(/^ {6}dangling → \/analysis\/loops\/nowhere {2}\(broken soft link\)$/m);
      // hard_back is the group itself again: listed down to the depth limit, then said to go on.
      expect(text).toContain(`… more levels, deeper than ${WALK_LIMITS.maxDepth} (not listed)`);
      expect(Math.max(...report.tree.map((e) => e.depth))).toBeLessThanOrEqual(WALK_LIMITS.maxDepth);
      expect(text.split("\n").length).toBeLessThan(200);
    }));

  it("stops at the total limit and says where", () =>
    withSet([files.hostile], (set) => {
      const seen: string[] = [];
      const gaps: WalkGap[] = [];
      walkTree(
        set,
        "hostile-structure.nwb",
        (n) => seen.push(n.path),
        (g) => gaps.push(g),
        {
          maxDepth: 3,
          perGroup: 3,
          total: 8,
        },
      );
      expect(seen).toHaveLength(8);
      expect(gaps.at(-1)).toMatchObject({ kind: "stopped" });
      expect(gaps).toContainEqual({ kind: "more", path: "/analysis/loops", depth: 2, count: 2 });
    }));

  it("walks 1,000 nested groups to the depth limit, and finds no series there in a bounded search", () =>
    withSet([files.deep], (set) => {
      const t = performance.now();
      expect(readNwb(set, "deep.nwb").series).toEqual([]);
      expect(seconds(t)).toBeLessThan(10);
      const report = reportFile(set, "deep.nwb");
      expect(Math.max(...report.tree.map((e) => e.depth))).toBeLessThanOrEqual(WALK_LIMITS.maxDepth);
      expect(report.tree.filter((e) => "name" in e).length).toBeLessThanOrEqual(WALK_LIMITS.total);
      const text = formatReport(report);
      const deepest = `${" ".repeat(2 * WALK_LIMITS.maxDepth)}level${WALK_LIMITS.maxDepth - 2}/\n`;
      expect(text).toContain(`${deepest}${" ".repeat(2 * WALK_LIMITS.maxDepth + 2)}… more levels`);
    }));

  it("comes out of the CLI whole, into a pipe too", async () => {
    const cli = join(import.meta.dirname, "..", "bin", "nwb2pennsieve.mjs");
    // Through a shell pipe, as `inspect x.nwb | less` reads it (Node's own pipe to a child drains differently).
    const { stdout } = await promisify(execFile)(
      "sh",
      ["-c", `"${process.execPath}" "${cli}" inspect "${files.deep}" | cat`],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    expect(stdout.length).toBeGreaterThan(200_000);
    expect(stdout).toMatch(/session_start_time {2}S \[\] contiguous .*\n$/);
  });

  it("opens two files whose external links point at each other", () =>
    withSet([files.ping, files.pong], (set) => {
      for (const name of ["ping.nwb", "pong.nwb"]) {
        const nwb = readNwb(set, name);
        expect(nwb.series.map((s) => s.path)).toEqual(["/acquisition/Raw"]);
        expect(nwb.series[0]!.problem).toContain("too many nested external links");
        const text = formatReport(reportFile(set, name));
        expect(text).toContain(`to_other ⇒ ${name === "ping.nwb" ? "pong" : "ping"}.nwb:/analysis/to_other`);
        expect(text).toContain("other_root ⇒");
        const analysis = listChildren(set, name, "/analysis");
        expect(analysis.nodes.map((n) => n.kind)).toEqual(["external-link", "external-link"]);
      }
    }));
});

describe("a 10 MB attribute and session_description", () => {
  it("sends the beginning and the length, and the rest on request", () =>
    withSet([files.hostile], (set) => {
      const huge = listAttributes(set, "hostile-structure.nwb", "/analysis").find((a) => a.name === "huge_note")!;
      expect(huge.value).toBe(HUGE_TEXT.slice(0, 200));
      expect(huge.truncated).toBe(HUGE_TEXT.length - 200);
      const end = readAttributeText(
        set,
        "hostile-structure.nwb",
        "/analysis",
        "huge_note",
        HUGE_TEXT.length - 100,
        1000,
      );
      expect(end.total).toBe(HUGE_TEXT.length);
      expect(end.text).toBe(HUGE_TEXT.slice(-100));
      expect(end.text.endsWith(HUGE_TEXT_END)).toBe(true);
    }));

  it("leaves the NWB metadata with the description's beginning and its length", () =>
    withSet([files.hostile], (set) => {
      const { session } = readNwb(set, "hostile-structure.nwb");
      expect(session.sessionDescription.length).toBeLessThan(MAX_TEXT_CHARS + 100);
      expect(session.sessionDescription).toBe(
        `${HUGE_TEXT.slice(0, MAX_TEXT_CHARS)}… (${HUGE_TEXT.length - MAX_TEXT_CHARS} more characters)`,
      );
      const text = formatReport(reportFile(set, "hostile-structure.nwb"));
      expect(text.length).toBeLessThan(2_000_000);
    }));
});

describe("names that draw something else", () => {
  it("are escaped in the inspect report, one line each", () =>
    withSet([files.hostile], (set) => {
      const text = formatReport(reportFile(set, "hostile-structure.nwb"));
      const names = text.slice(text.indexOf("    names/\n"));
      for (const escaped of [
        "invoice\\u{202E}fdp.exe/",
        "two\\nlines/",
        "tab\\there/",
        "\\u{1B}[31mred\\u{1B}[0m/",
        "zero\\u{200B}width\\u{FEFF}/",
        "\\u{2067}isolated\\u{2069}/",
      ])
        expect(names).toContain(`      ${escaped}\n`);
      for (const c of ["\u202E", "\u2067", "\u200B", "\uFEFF", "\u001b", "\t"]) expect(text).not.toContain(c);
      for (const raw of Object.values(TRICKY_NAMES)) expect(text).not.toContain(raw);
    }));
});

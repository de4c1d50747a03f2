import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { initH5 } from "../src/core/hdf5/h5";
import { missingFiles } from "../src/core/nwb/missing";
import { NO_SERIES, Session, type OpenedFile } from "../src/core/session";
import { panelsAfterOpen, setsWaitingFor } from "../src/ui/reopen-with-added";
import type { Panel } from "../src/ui/store";
import { openNodeSource } from "../src/node/file-source";
import { loadNodePlugin } from "../src/node/plugins";
import { NWB } from "./golden";

// Traps a new user meets (issue 14, item 4), in the core and the CLI; the page's side is e2e/traps.spec.ts.

const run = promisify(execFile);
const CLI = join(import.meta.dirname, "..", "bin", "nwb2pennsieve.mjs");
const work = mkdtempSync(join(tmpdir(), "traps-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, [CLI, ...args], { timeout: 60_000 });
    return { code: 0, stderr };
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, stderr: err.stderr };
  }
}

async function open(paths: string[]): Promise<Session> {
  const module = await initH5(loadNodePlugin);
  return new Session(
    module,
    paths.map((p) => openNodeSource(p)),
  );
}

describe("a link into a file not opened", () => {
  it("names the missing file, the link and its target as data", async () => {
    const s = await open([join(NWB, "linked_main.nwb")]);
    const [file] = s.files(["linked_main.nwb"]);
    expect(missingFiles(file!.nwb)).toEqual([
      {
        file: "linked_raw.nwb",
        linkFile: "linked_main.nwb",
        link: "/acquisition/LinkedRaw/data",
        target: "/acquisition/Raw/data",
      },
    ]);
    s.close();
  });

  it("is resolved when the set is opened with that file", async () => {
    const s = await open([join(NWB, "linked_main.nwb"), join(NWB, "linked_raw.nwb")]);
    const [main] = s.files(["linked_main.nwb", "linked_raw.nwb"]);
    expect(missingFiles(main!.nwb)).toEqual([]);
    expect(main!.nwb!.series[0]!.problem).toBeNull();
    s.close();
  });
});

describe("a file opened after a set that links into it", () => {
  const panel = (sessionId: number, file: OpenedFile, patch: Partial<Panel> = {}): Panel => ({
    key: `${sessionId}:${file.name}`,
    sessionId,
    file,
    selected: [],
    chunkMb: 1,
    level: 1,
    outputs: null,
    conversion: { status: "idle" },
    upload: { status: "idle" },
    ...patch,
  });
  const opened = async (...names: string[]) => {
    const s = await open(names.map((n) => join(NWB, n)));
    const files = s.files(names);
    s.close();
    return files;
  };
  const file = (name: string) => new File([new Uint8Array(8)], name);

  it("joins that set: panels keep their key, place, settings and ticks; the new one follows them", async () => {
    const [starting] = await opened("starting.nwb");
    const [main] = await opened("linked_main.nwb");
    const [two] = await opened("twoseries.nwb");
    const panels = [
      panel(1, starting!, { selected: ["/acquisition/Late"] }),
      panel(2, main!, { chunkMb: 0.125, level: 6, conversion: { status: "failed", message: "x" } }),
      panel(3, two!),
    ];
    const sets = [1, 2, 3].map((id) => ({ id, sources: [file(panels[id - 1]!.file.name)] }));
    const raw = file("linked_raw.nwb");
    const { waiting, deferred } = setsWaitingFor(panels, sets, [file("other.nwb"), raw]);
    expect([...waiting]).toEqual([[2, [raw]]]);
    expect(deferred).toEqual([]);

    const after = panelsAfterOpen(panels, 2, await opened("linked_main.nwb", "linked_raw.nwb"));
    expect(after.map((p) => p.key)).toEqual([
      "1:starting.nwb",
      "2:linked_main.nwb",
      "2:linked_raw.nwb",
      "3:twoseries.nwb",
    ]);
    const [, kept, added] = after;
    expect(kept).toMatchObject({ sessionId: 2, chunkMb: 0.125, level: 6, selected: ["/acquisition/LinkedRaw"] });
    expect(kept!.conversion).toEqual({ status: "idle" });
    expect(missingFiles(kept!.file.nwb)).toEqual([]);
    expect(added).toMatchObject({ sessionId: 2, chunkMb: 0.125, level: 6, selected: ["/acquisition/Raw"] });
    expect(after[0]).toBe(panels[0]);
  });

  it("leaves a set alone while a job runs on it, and a set that does not miss the file", async () => {
    const [main] = await opened("linked_main.nwb");
    const [two] = await opened("twoseries.nwb");
    const running = { status: "running", jobId: 1, progress: null, started: 0, target: "x.zip" } as const;
    const panels = [panel(1, main!, { conversion: running }), panel(2, two!)];
    const sets = [
      { id: 1, sources: [file("linked_main.nwb")] },
      { id: 2, sources: [file("twoseries.nwb")] },
    ];
    const { waiting, deferred } = setsWaitingFor(panels, sets, [file("linked_raw.nwb")]);
    expect(waiting.size).toBe(0);
    expect(deferred).toEqual(["linked_raw.nwb"]);
  });
});

// Real files from older pynwb releases; they stay in ../shared and are never committed here.
const BACK_COMPAT = join(import.meta.dirname, "..", "..", "shared", "fixtures", "back_compat");
const oldFiles = existsSync(BACK_COMPAT) ? readdirSync(BACK_COMPAT).filter((f) => f.endsWith(".nwb")) : [];

describe.skipIf(oldFiles.length === 0)("a valid NWB file with no ElectricalSeries", () => {
  it("gets a note, not an error", async () => {
    const s = await open(oldFiles.map((f) => join(BACK_COMPAT, f)));
    const files = s.files(oldFiles);
    expect(files).toHaveLength(21);
    for (const f of files) {
      expect(f.error, f.name).toBeNull();
      expect(f.note, f.name).toBe(NO_SERIES);
    }
    s.close();
  });
});

describe("the CLI checks --chunk-mb and --level by the page's rules", () => {
  const convert = (...args: string[]) =>
    cli("convert", join(NWB, "sine2.nwb"), "--zip", join(work, `${readdirSync(work).length}.zip`), ...args);

  it.each([
    [["--chunk-mb", "0x1"], /^nwb2pennsieve: --chunk-mb: “0x1” is not a number/],
    [["--chunk-mb", ""], /^nwb2pennsieve: --chunk-mb: Enter a chunk size/],
    [["--chunk-mb", "1", "--level", ""], /^nwb2pennsieve: --level: Enter a gzip level from 0 to 9/],
    [["--chunk-mb", "1", "--level", "15"], /^nwb2pennsieve: --level: “15” is not a gzip level/],
  ])("%j is refused in one line", async (args, reason) => {
    const r = await convert(...args);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(reason);
  });

  it("refuses a chunk size making more than 100,000 files per channel before writing any", async () => {
    // sine2 has 200,000 samples per channel: one per 8-byte chunk would be 200,001 files per channel.
    const out = join(work, "tiny");
    const r = await cli("convert", join(NWB, "sine2.nwb"), "--out", out, "--chunk-mb", "0.00001");
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /^nwb2pennsieve: sine2\.nwb: 0\.00001 MiB makes 200,001 files per channel of \/acquisition\/TestElectricalSeries \(at most 100,000\)/,
    );
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});

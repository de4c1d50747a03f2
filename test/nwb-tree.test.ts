import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { initH5 } from "../src/core/hdf5/h5";
import { SEARCH_LIMITS } from "../src/core/inspect/search-tree";
import { MAX_ITEMS } from "../src/core/nwb/overview";
import { Session } from "../src/core/session";
import { openNodeSource } from "../src/node/file-source";
import { loadNodePlugin } from "../src/node/plugins";
import { EXTENSION_DOC, EXTENSION_NAMESPACE, EXTENSION_TYPE, writeExtensionFile } from "./extension-file";
import { FIXTURES, NWB } from "./golden";
import { HOSTILE_DIR, WIDE_CHILDREN, writeHostileFiles } from "./hostile-structure";

async function open(path: string): Promise<{ s: Session; name: string }> {
  const s = new Session(await initH5(loadNodePlugin), [openNodeSource(path)]);
  return { s, name: path.split("/").pop()! };
}

const typeOf = (s: Session, name: string, group: string, child: string) =>
  s.children(name, group).nodes.find((n) => n.name === child)?.type;

describe("neurodata types in the tree (issue 17, point 1)", () => {
  let extension: string;
  beforeAll(async () => void (extension = await writeExtensionFile()), 60_000);

  it("shows each group's and dataset's type with the description the file's specifications give", async () => {
    const { s, name } = await open(join(NWB, "tables.nwb"));
    expect(typeOf(s, name, "/acquisition", "Raw")).toEqual({
      label: "ElectricalSeries",
      doc: expect.stringMatching(/^A time series of acquired voltage data from extracellular recordings/),
    });
    // HDMF's types are defined with `data_type_def`: the electrodes table is a DynamicTable of hdmf-common.
    const electrodes = typeOf(s, name, "/general/extracellular_ephys", "electrodes");
    expect(electrodes?.label).toBe("DynamicTable");
    expect(electrodes?.doc).toMatch(/^A group containing multiple datasets that are aligned on the first dimension/);
    const region = typeOf(s, name, "/acquisition/Raw", "electrodes");
    expect(region?.label).toBe("DynamicTableRegion");
    expect(region?.doc).toMatch(/DynamicTableRegion/);
    // Objects without a type (plain datasets) get none.
    expect(typeOf(s, name, "/acquisition/Raw", "data")).toBeUndefined();
    s.close();
  });

  it("names an extension's types with their namespace, described by the spec the file embeds", async () => {
    const { s, name } = await open(extension);
    expect(typeOf(s, name, "/general/devices", "test_probe")).toEqual({
      label: `${EXTENSION_NAMESPACE}:${EXTENSION_TYPE}`,
      doc: EXTENSION_DOC,
    });
    expect(typeOf(s, name, "/general/devices", "Probe")?.label).toBe("Device");
    s.close();
  });

  it("shows the types without descriptions in a file that embeds no specifications", async () => {
    const path = join(FIXTURES, "tables-extra", "nwb", "neuroconv_style.nwb");
    const { s, name } = await open(path);
    expect(s.children(name, "/").nodes.some((n) => n.name === "specifications")).toBe(false);
    expect(typeOf(s, name, "/", "units")).toEqual({ label: "Units" });
    expect(typeOf(s, name, "/general/extracellular_ephys", "electrodes")).toEqual({ label: "DynamicTable" });
    s.close();
  });
});

describe("searching the tree", () => {
  it("finds objects by a part of their path or of their type, shallow ones first", async () => {
    const { s, name } = await open(join(NWB, "twoseries.nwb"));
    const byType = s.search(name, "electricalseries");
    expect(byType.stopped).toBeNull();
    expect(byType.hits.slice(0, 2)).toEqual([
      { path: "/acquisition/SeriesA", type: "ElectricalSeries" },
      { path: "/acquisition/SeriesB", type: "ElectricalSeries" },
    ]);
    const byPath = s.search(name, "B/start");
    expect(byPath.hits).toEqual([{ path: "/acquisition/SeriesB/starting_time" }]);
    // A match by name shows its type too.
    expect(s.search(name, "SeriesA").hits[0]).toEqual({ path: "/acquisition/SeriesA", type: "ElectricalSeries" });
    expect(s.search(name, "no such thing").hits).toEqual([]);
    expect(s.search(name, "  ").hits).toEqual([]);
    s.close();
  });

  it("stops after a few hundred matches and says so", async () => {
    const { wide } = await writeHostileFiles(HOSTILE_DIR);
    const { s, name } = await open(wide);
    const result = s.search(name, "child0");
    expect(result.hits).toHaveLength(SEARCH_LIMITS.maxHits);
    expect(result.stopped).toBe("matches");
    expect(result.hits[0]).toEqual({ path: "/analysis/wide/child000000" });
    s.close();
  }, 120_000);

  it("gives up on a file of 100,000 entries within its time, saying how far it got", async () => {
    const { wide } = await writeHostileFiles(HOSTILE_DIR);
    const { s, name } = await open(wide);
    const started = performance.now();
    const result = s.search(name, "nothing matches this");
    const took = performance.now() - started;
    expect(result.hits).toEqual([]);
    expect(result.stopped).toBe("time");
    // Every name was compared (that costs no look-up); the objects were looked at until the time ran out.
    expect(result.visited).toBeGreaterThan(WIDE_CHILDREN);
    expect(took).toBeLessThan(SEARCH_LIMITS.maxMs + 1_000);
    s.close();
  }, 120_000);

  it("ends at links and cycles: a hard-link cycle is cut by the depth limit", async () => {
    const { hostile } = await writeHostileFiles(HOSTILE_DIR);
    const { s, name } = await open(hostile);
    const result = s.search(name, "loops");
    expect(result.hits.find((h) => h.path === "/analysis/loops/self")).toEqual({ path: "/analysis/loops/self" });
    expect(["depth", "matches"]).toContain(result.stopped);
    s.close();
  }, 120_000);
});

describe("the NWB overview", () => {
  it("lists each part of the file with its types, from the structure alone", async () => {
    const { s, name } = await open(await writeExtensionFile());
    const sections = Object.fromEntries(s.overview(name).map((sec) => [sec.title, sec]));
    const paths = (title: string) => sections[title]!.items.map((i) => `${i.path} ${i.type ?? ""}`.trim());
    expect(paths("Acquisition")).toEqual(["/acquisition/Raw ElectricalSeries"]);
    expect(paths("Processing modules")).toEqual(["/processing/behavior ProcessingModule"]);
    expect(sections["Processing modules"]!.items[0]!.items!.map((i) => i.path)).toEqual([
      "/processing/behavior/Position",
    ]);
    expect(paths("Intervals")).toEqual(["/intervals/trials TimeIntervals"]);
    expect(paths("Units")).toEqual(["/units Units"]);
    expect(paths("Electrodes")).toEqual(["/general/extracellular_ephys/electrodes DynamicTable"]);
    expect(paths("Electrode groups")).toEqual(["/general/extracellular_ephys/shank0 ElectrodeGroup"]);
    expect(paths("Devices")).toEqual([
      "/general/devices/Probe Device",
      `/general/devices/test_probe ${EXTENSION_NAMESPACE}:${EXTENSION_TYPE}`,
    ]);
    expect(sections["Devices"]!.items[1]!.doc).toBe(EXTENSION_DOC);
    expect(paths("Stimulus")).toEqual(["/stimulus/presentation/tones TimeSeries"]);
    s.close();
  });

  it("looks only where NWB keeps its parts: a file of 100,000 entries elsewhere costs nothing more", async () => {
    const { wide } = await writeHostileFiles(HOSTILE_DIR);
    const { s, name } = await open(wide);
    const started = performance.now();
    const acquisition = s.overview(name).find((sec) => sec.title === "Acquisition")!;
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(acquisition.items.map((i) => i.name)).toEqual(["TestElectricalSeries"]);
    s.close();
  }, 120_000);

  it("lists a part's first entries and counts the rest", async () => {
    const { s, name } = await open(await writeExtensionFile());
    for (const section of s.overview(name)) expect(section.items.length).toBeLessThanOrEqual(MAX_ITEMS);
    s.close();
  });
});

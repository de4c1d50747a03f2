import { describe, expect, it } from "vitest";
import type { ElectricalSeries, NwbFile, Session } from "../nwb/model";
import { emptySession } from "../nwb/session-meta";
import {
  channelLabel,
  channelMetadata,
  chunkFileName,
  metadataFileName,
  planChannels,
  planSize,
  referenceSeconds,
  selectSeries,
  seriesUnitFactor,
  type SeriesPlan,
} from "./plan";

function series(path: string, over: Partial<ElectricalSeries> = {}): ElectricalSeries {
  return {
    path,
    description: "",
    data: { file: "f.nwb", path: `${path}/data` },
    shape: [100, 2],
    dtype: "<h",
    rate: 1000,
    startingTime: 0,
    timestamps: null,
    conversion: 1,
    offset: 0,
    unit: "volts",
    channelConversion: null,
    electrodes: [
      { name: "a", group: "g" },
      { name: "b", group: "g" },
    ],
    problem: null,
    missing: [],
    ...over,
  };
}

function file(list: ElectricalSeries[], session: Partial<Session> = {}): NwbFile {
  return {
    name: "f.nwb",
    series: list,
    session: emptySession({ sessionStartTime: "2024-01-01T00:00:00+00:00", ...session }),
  };
}

describe("file names (spec §5)", () => {
  it("pads the channel index to 5 digits", () => {
    expect(channelLabel(0)).toBe("channel-00000");
    expect(channelLabel(12_345)).toBe("channel-12345");
    expect(chunkFileName(7, 1704067200000000, 1704067399999000)).toBe(
      "channel-00007_1704067200000000_1704067399999000.bin.gz",
    );
    expect(metadataFileName(42)).toBe("channel-00042.metadata.json");
  });

  it("writes start and end as plain integers, negative too", () => {
    expect(chunkFileName(1, -1_500_000, 0)).toBe("channel-00001_-1500000_0.bin.gz");
  });
});

describe("planChannels (spec §2)", () => {
  it("uses the region rows' names and groups in region order", () => {
    // A series over electrodes 5 and 2 of a larger table: the reader hands over those rows in region order.
    const s = series("/acquisition/sub", {
      electrodes: [
        { name: "e5", group: "shankB" },
        { name: "e2", group: "shankA" },
      ],
    });
    expect(planChannels(s, 0).map((c) => [c.index, c.column, c.name, c.group])).toEqual([
      [0, 0, "e5", "shankB"],
      [1, 1, "e2", "shankA"],
    ]);
  });

  it("gives global indices: a second series starts at n1", () => {
    const first = planChannels(
      series("/acquisition/A", { shape: [10, 3], electrodes: Array(3).fill({ name: "x", group: "g" }) }),
      0,
    );
    const second = planChannels(series("/acquisition/B"), first.length);
    expect(first.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(second.map((c) => [c.index, c.column])).toEqual([
      [3, 0],
      [4, 1],
    ]);
  });

  it("s_c = float64(channel_conversion[c]) · conversion, else conversion", () => {
    const cc = [Math.fround(0.1), Math.fround(3.3)];
    const withCc = planChannels(series("/acquisition/A", { conversion: 1.95e-7, channelConversion: cc }), 0);
    expect(withCc.map((c) => c.scale)).toEqual([cc[0]! * 1.95e-7, cc[1]! * 1.95e-7]);
    expect(withCc[0]!.scale).not.toBe(0.1 * 1.95e-7); // the float32 factor, not its decimal
    expect(planChannels(series("/acquisition/A", { conversion: 0.25 }), 0).map((c) => c.scale)).toEqual([0.25, 0.25]);
  });
});

describe("units", () => {
  it("seriesUnitFactor returns U or throws naming the unit", () => {
    expect(seriesUnitFactor(series("/a", { unit: "Volts" }))).toBe(1e6);
    expect(seriesUnitFactor(series("/a", { unit: "mV" }))).toBe(1e3);
    expect(seriesUnitFactor(series("/a", { unit: "uV" }))).toBe(1);
    expect(() => seriesUnitFactor(series("/a", { unit: "amperes" }))).toThrow(/"amperes"/);
  });
});

describe("channelMetadata (spec §5)", () => {
  it("has exactly the spec's fields", () => {
    const s = series("/acquisition/A");
    const plan: SeriesPlan = {
      series: s,
      unitFactor: 1e6,
      channels: planChannels(s, 4),
      timing: { rate: 1000, segments: 1, chunks: [], start: 1704067200000000, end: 1704067399999000 },
    };
    expect(JSON.parse(JSON.stringify(channelMetadata(plan, plan.channels[1]!)))).toEqual({
      name: "b",
      start: 1704067200000000,
      end: 1704067399999000,
      unit: "uV",
      rate: 1000.0,
      type: "CONTINUOUS",
      group: "g",
      lastAnnotation: 0,
      properties: [],
    });
    expect(planSize([plan])).toEqual({ files: 2 * (0 + 1), bytes: 2 * 100 * 8 });
  });
});

describe("selectSeries (spec §1)", () => {
  const list = [
    series("/processing/ecephys/LFP/ES"),
    series("/acquisition/B"),
    series("/acquisition/A"),
    series("/acquisitionX/C"),
  ];

  it("defaults to the /acquisition series", () => {
    expect(
      selectSeries(file(list), [])
        .map((s) => s.path)
        .sort(),
    ).toEqual(["/acquisition/A", "/acquisition/B"]);
  });

  it("takes any named candidate, a trailing slash allowed, and refuses an unknown path", () => {
    expect(selectSeries(file(list), ["/processing/ecephys/LFP/ES/"]).map((s) => s.path)).toEqual([
      "/processing/ecephys/LFP/ES",
    ]);
    expect(() => selectSeries(file(list), ["/acquisition/Z"])).toThrow(/\/acquisition\/Z/);
  });
});

describe("referenceSeconds (spec §4)", () => {
  it("is session_start_time, or timestamps_reference_time where the file has it", () => {
    expect(referenceSeconds(file([], { sessionStartTime: "2024-01-01T00:00:00.5+00:00" }))).toBe(1704067200.5);
    const both = file([], {
      sessionStartTime: "2024-01-01T00:00:00Z",
      timestampsReferenceTime: "2024-01-01T01:00:00.000001+01:00",
    });
    expect(referenceSeconds(both)).toBe(1704067200.000001);
    expect(() => referenceSeconds(file([], { sessionStartTime: "" }))).toThrow(/session_start_time/);
  });
});

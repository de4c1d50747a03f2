import { describe, expect, it } from "vitest";
import type { ElectricalSeries, NwbFile } from "../core/nwb/model";
import { EMPTY_SUBJECT, NO_SESSION_DETAILS } from "../core/nwb/session-meta";
import type { OpenedFile } from "../core/session";
import { columnsWithValues, metadataColumns, metadataRows, toCsv } from "./csv";

function series(path: string, channels: number): ElectricalSeries {
  return {
    path,
    description: "",
    data: { file: "a.nwb", path: `${path}/data` },
    shape: [1000, channels],
    dtype: "<i2",
    rate: 30000,
    startingTime: 0,
    timestamps: null,
    conversion: 1,
    offset: 0,
    unit: "volts",
    channelConversion: null,
    electrodes: [],
    problem: null,
    missing: [],
  };
}

function nwbFile(name: string, overrides: Partial<NwbFile["session"]> = {}): OpenedFile {
  const nwb: NwbFile = {
    name,
    session: {
      identifier: "id-1",
      sessionId: "s1",
      sessionStartTime: "2024-01-02T03:04:05+00:00",
      timestampsReferenceTime: "2024-01-02T03:04:05+00:00",
      sessionDescription: "a session",
      experimenter: ["Doe, Jane", "Roe, Rick"],
      institution: "Uni",
      lab: "Lab",
      keywords: ["ephys", "mouse"],
      ...NO_SESSION_DETAILS,
      subject: {
        ...EMPTY_SUBJECT,
        subjectId: "m1",
        species: "Mus musculus",
        sex: "F",
        age: "P90D",
        genotype: "wt",
        strain: "C57BL/6J",
        description: "",
      },
      nwbVersion: "2.7.0",
      ...overrides,
    },
    series: [series("/acquisition/A", 384), series("/acquisition/B", 16)],
  };
  return { name, size: 1_234_567, members: [], isHdf5: true, nwb, error: null };
}

describe("toCsv", () => {
  it("leaves plain fields bare and ends every record with CRLF", () => {
    expect(
      toCsv([
        ["a", "b"],
        ["1", ""],
      ]),
    ).toBe("a,b\r\n1,\r\n");
  });

  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    expect(toCsv([["x,y", 'say "hi"', "two\nlines", "cr\r\nlf"]])).toBe(
      '"x,y","say ""hi""","two\nlines","cr\r\nlf"\r\n',
    );
  });

  it("prefixes formula-looking cells with a single quote", () => {
    const cells = ["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx", "a=b"];
    expect(toCsv([cells])).toBe(`'=SUM(A1),'+1,'-2,'@cmd,'\tx,"'\rx",a=b\r\n`);
  });

  it("guards before quoting so a quoted formula is still neutralised", () => {
    expect(toCsv([['=HYPERLINK("http://x","y")']])).toBe(`"'=HYPERLINK(""http://x"",""y"")"\r\n`);
  });

  it("keeps unicode as is", () => {
    expect(toCsv([["µV", "日本語", "Ünïcödé 🐭"]])).toBe("µV,日本語,Ünïcödé 🐭\r\n");
  });

  it("writes an empty row as an empty record", () => {
    expect(toCsv([[]])).toBe("\r\n");
  });
});

describe("metadataRows", () => {
  it("starts with the header row naming every column", () => {
    const [header] = metadataRows([]);
    expect(header).toEqual(metadataColumns.map((c) => c.header));
    expect(header).toHaveLength(30);
    expect(header!.slice(0, 2)).toEqual(["File", "Error"]);
  });

  it("joins lists and sums channels over the series", () => {
    const [, row] = metadataRows([nwbFile("a.nwb")]);
    const cell = (id: string) => row![metadataColumns.findIndex((c) => c.id === id)];
    expect(cell("file")).toBe("a.nwb");
    expect(cell("size")).toBe("1.23 MB");
    expect(cell("experimenter")).toBe("Doe, Jane; Roe, Rick");
    expect(cell("sessionStart")).toBe("2024-01-02T03:04:05+00:00");
    expect(cell("keywords")).toBe("ephys, mouse");
    expect(cell("species")).toBe("Mus musculus");
    expect(cell("seriesCount")).toBe("2");
    expect(cell("channels")).toBe("400");
  });

  it("gives files without NWB a row with their name and size", () => {
    const broken: OpenedFile = { name: "x.bin", size: 10, members: [], isHdf5: false, nwb: null, error: "x.bin: no" };
    const [, row] = metadataRows([broken]);
    expect(row!.slice(0, 3)).toEqual(["x.bin", "x.bin: no", "10 B"]);
    expect(row!.slice(3).every((c) => c === "")).toBe(true);
  });

  it("writes only the columns given, in their order", () => {
    const columns = metadataColumns.filter((c) => ["file", "lab", "channels"].includes(c.id));
    expect(metadataRows([nwbFile("a.nwb")], columns)).toEqual([
      ["File", "Lab", "Total channels"],
      ["a.nwb", "Lab", "400"],
    ]);
  });
});

describe("columnsWithValues", () => {
  it("keeps the columns some file has a value in", () => {
    const broken: OpenedFile = { name: "x.bin", size: 10, members: [], isHdf5: false, nwb: null, error: "x.bin: no" };
    const ids = (files: OpenedFile[]) => columnsWithValues(files).map((c) => c.id);
    expect(ids([nwbFile("a.nwb")])).not.toContain("error");
    expect(ids([nwbFile("a.nwb")])).not.toContain("weight");
    expect(ids([nwbFile("a.nwb"), broken])).toContain("error");
    expect(ids([broken])).toEqual(["file", "error", "size"]);
  });

  it("exports hostile metadata as inert text", () => {
    const csv = toCsv(metadataRows([nwbFile("a.nwb", { lab: "=cmd|' /C calc'!A0", institution: 'a,"b"\nc' })]));
    expect(csv).toContain(`,'=cmd|' /C calc'!A0,`);
    expect(csv).toContain(`,"a,""b""\nc",`);
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { memorySource } from "../src/core/hdf5/byte-source";
import { describe, expect, it } from "vitest";
import { initH5 } from "../src/core/hdf5/h5";
import { Session } from "../src/core/session";
import { openNodeSource } from "../src/node/file-source";
import { loadNodePlugin } from "../src/node/plugins";
import { zlibInflate } from "../src/node/zlib-gzip";
import { NWB } from "./golden";

async function open(...names: string[]): Promise<Session> {
  const module = await initH5(loadNodePlugin);
  return new Session(
    module,
    names.map((n) => openNodeSource(join(NWB, n))),
    zlibInflate,
  );
}

describe("the app's session over a file set", () => {
  it("describes files, joins families and flags what cannot be converted", async () => {
    const s = await open("family_0.nwb", "family_1.nwb", "family_2.nwb", "linked_main.nwb");
    const files = s.files(["family_0.nwb", "family_1.nwb", "family_2.nwb", "linked_main.nwb"]);
    expect(files.map((f) => f.name)).toEqual(["family_0.nwb", "linked_main.nwb"]);
    expect(files[0]!.members).toEqual(["family_0.nwb", "family_1.nwb", "family_2.nwb"]);
    expect(files[0]!.error).toBeNull();
    expect(files[1]!.nwb!.series[0]!.problem).toMatch(/external link to linked_raw\.nwb/);
    s.close();
  });

  it("names the members a family was opened without (member 0 alone, say, as a DANDI asset ticked alone)", async () => {
    for (const [given, said] of [
      [["family_0.nwb"], "members family_1.nwb and family_2.nwb are"],
      [["family_0.nwb", "family_1.nwb"], "member family_2.nwb is"],
    ] as const) {
      const s = await open(...given);
      const message = `family_0.nwb: family ${said} missing: open the 3 files of this HDF5 family together`;
      const [file] = s.files([...given]);
      expect(file).toMatchObject({ name: "family_0.nwb", error: message, nwb: null });
      expect(() => s.set.file("family_0.nwb")).toThrow(message); // what the CLI says
      s.close();
    }
    // A later member alone has no superblock: the first is named.
    const s = await open("family_1.nwb");
    expect(s.files(["family_1.nwb"])[0]!.error).toBe(
      "family_1.nwb: not an HDF5 file on its own (no HDF5 signature found): if it is a member of an HDF5 family, " +
        "open it together with family_0.nwb and the other members",
    );
    s.close();
  });

  it("says in one plain line naming the file why a damaged file cannot be read (no HDF5 stack)", async () => {
    // blosc16.nwb with its 4 KiB block 47 zeroed: the global heap holding its strings is gone.
    const bytes = new Uint8Array(readFileSync(join(NWB, "blosc16.nwb")));
    bytes.fill(0, 47 * 4096, 48 * 4096);
    const module = await initH5(loadNodePlugin);
    const s = new Session(module, [memorySource("damaged.nwb", bytes)]);
    const [file] = s.files(["damaged.nwb"]);
    expect(file!.error).toBe(
      "damaged.nwb: damaged: the global heap (where variable-length strings are kept) has a wrong signature",
    );
    s.close();
  });

  it("previews values in µV exactly as the conversion writes them", async () => {
    const s = await open("intan32.nwb");
    const [series] = s.readNwb("intan32.nwb").series;
    // As many columns as samples: each column's min and max is that sample.
    const rows = Math.round(series!.rate! * 0.01);
    const preview = s.preview("intan32.nwb", {
      series: series!.path,
      start: series!.startingTime,
      length: rows / series!.rate!,
      channels: [0, 4],
      columns: rows,
    });
    expect(preview.names).toHaveLength(4);
    const written = new Map<string, Uint8Array>();
    await s.convert("intan32.nwb", [series!.path], 1, {
      level: 0,
      gzip: async (d) => d,
      crc32: () => 0,
      sink: { put: async (n, b) => void written.set(n, b), finish: async () => {}, abort: async () => {} },
    });
    const first = [...written.keys()].find((n) => n.startsWith("channel-00002_"))!;
    const bytes = written.get(first)!;
    // Skip the 10-byte gzip header and the 5-byte header of the first stored block.
    const view = new DataView(bytes.buffer, bytes.byteOffset + 15);
    const values = Array.from({ length: rows }, (_, i) => view.getFloat64(i * 8));
    expect(Array.from(preview.envelope.min.subarray(2 * rows, 3 * rows))).toEqual(values);
    expect(Array.from(preview.envelope.max.subarray(2 * rows, 3 * rows))).toEqual(values);
    s.close();
  });

  it("reports each series' output at a chunk size", async () => {
    const s = await open("gaps4.nwb");
    const [out] = s.outputs("gaps4.nwb", 0.25);
    expect(out!.problem).toBeNull();
    expect(out!.segments).toBeGreaterThan(1);
    expect(out!.files).toBe(16 + 4); // the golden case's chunk files plus one metadata file per channel
    s.close();
  });
});

import { crc32, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { RowReader, Samples } from "../hdf5/rows";
import type { DatasetLocation, ElectricalSeries, NwbFile } from "../nwb/model";
import { emptySession } from "../nwb/session-meta";
import type { OutputSink } from "../sink/output-sink";
import { convert, planConversion, type EncodeChunk } from "./convert";
import { encodeChunkStoredGzip } from "./encode-be";
import { storedGzip } from "./gzip";

const S_US = 1_704_067_200_000_000;

function series(path: string, channels: number, over: Partial<ElectricalSeries> = {}): ElectricalSeries {
  return {
    path,
    description: "",
    data: { file: "f.nwb", path: `${path}/data` },
    shape: [5, channels],
    dtype: "<h",
    rate: 4,
    startingTime: 0,
    timestamps: null,
    conversion: 1,
    offset: 0,
    unit: "uV",
    channelConversion: null,
    electrodes: Array.from({ length: channels }, (_, c) => ({ name: `${path.split("/").pop()}${c}`, group: "g" })),
    problem: null,
    missing: [],
    ...over,
  };
}

const nwb = (list: ElectricalSeries[]): NwbFile => ({
  name: "f.nwb",
  series: list,
  session: emptySession(),
});

/** Row readers over in-memory datasets, by path. */
function memoryRows(datasets: Record<string, { data: Samples; width: number }>) {
  return (loc: DatasetLocation): RowReader => {
    const d = datasets[loc.path];
    if (!d) throw new Error(`no ${loc.path}`);
    return {
      rows: d.data.length / d.width,
      width: d.width,
      rowsPerChunk: 2,
      read: (s, e) => d.data.slice(s * d.width, e * d.width) as Samples,
    };
  };
}

function memorySink() {
  const files = new Map<string, Uint8Array>();
  const sink: OutputSink = { put: async (n, b) => void files.set(n, b), finish: async () => {}, abort: async () => {} };
  return { sink, files };
}

const decode = (b: Uint8Array) =>
  Array.from({ length: b.length / 8 }, (_, i) => new DataView(b.buffer, b.byteOffset).getFloat64(i * 8, false));

describe("planConversion", () => {
  it("takes the series in byte-wise path order and numbers channels globally", () => {
    // byte order puts "B" (0x42) before "a" (0x61); a locale sort would not
    const file = nwb([series("/acquisition/a", 1), series("/acquisition/B", 2), series("/processing/x/LFP/L", 1)]);
    const plans = planConversion(file, [], 1, memoryRows({}));
    expect(plans.map((p) => p.series.path)).toEqual(["/acquisition/B", "/acquisition/a"]);
    expect(plans.map((p) => p.channels.map((c) => [c.index, c.name]))).toEqual([
      [
        [0, "B0"],
        [1, "B1"],
      ],
      [[2, "a0"]],
    ]);
  });

  it("refuses a series with a problem and a file with nothing to convert", () => {
    expect(() =>
      planConversion(nwb([series("/acquisition/a", 1, { problem: "broken" })]), [], 1, memoryRows({})),
    ).toThrow(/broken/);
    expect(() => planConversion(nwb([series("/processing/m/LFP/L", 1)]), [], 1, memoryRows({}))).toThrow(
      /no ElectricalSeries/,
    );
  });
});

describe("convert", () => {
  it("writes every channel of every chunk, global indices, big-endian µV", async () => {
    const a = series("/acquisition/a", 2, { unit: "mV", conversion: 0.5 });
    const b = series("/acquisition/b", 1, { shape: [3, 1], unit: "V", conversion: 1, offset: 0.25 });
    const datasets = {
      "/acquisition/a/data": { data: Int16Array.of(1, -1, 2, -2, 3, -3, 4, -4, 5, -5), width: 2 },
      "/acquisition/b/data": { data: Float32Array.of(1, 2, 3), width: 1 },
    };
    const openRows = memoryRows(datasets);
    const plans = planConversion(nwb([b, a]), [], 32 / 2 ** 20, openRows); // N = 4 samples
    const { sink, files } = memorySink();
    const gzip = async (d: Uint8Array) => storedGzip(d, (x, s) => crc32(x, s));
    const summary = await convert(plans, openRows, { level: 0, gzip, sink });

    const us = (s: number) => S_US + s * 1e6;
    const bins = Object.fromEntries(
      [...files].filter(([n]) => n.endsWith(".bin.gz")).map(([n, gz]) => [n, decode(gunzipSync(gz))]),
    );
    expect(bins).toEqual({
      [`channel-00000_${us(0)}_${us(0.75)}.bin.gz`]: [500, 1000, 1500, 2000],
      [`channel-00000_${us(1)}_${us(1)}.bin.gz`]: [2500],
      [`channel-00001_${us(0)}_${us(0.75)}.bin.gz`]: [-500, -1000, -1500, -2000],
      [`channel-00001_${us(1)}_${us(1)}.bin.gz`]: [-2500],
      [`channel-00002_${us(0)}_${us(0.5)}.bin.gz`]: [1.25e6, 2.25e6, 3.25e6],
    });
    expect(JSON.parse(new TextDecoder().decode(files.get("channel-00002.metadata.json")))).toEqual({
      name: "b0",
      start: us(0),
      end: us(0.5),
      unit: "uV",
      rate: 4,
      type: "CONTINUOUS",
      group: "g",
      lastAnnotation: 0,
      properties: [],
    });
    expect(files.size).toBe(5 + 3);
    expect(summary.files).toBe(8);
    expect(summary.channels).toBe(3);
  });

  it("keeps at most `parallel` files in flight, the channel metadata files too", async () => {
    // Thousands of metadata files were handed to the sink at once: each wait for a free slot then raced every
    // pending file (4,096 channels: ~700 MB and seconds of CPU at the end of the CLI's run).
    const channels = 1024;
    const data = new Int16Array(4 * channels).map((_, i) => i % 1000);
    const a = series("/acquisition/a", channels, { shape: [4, channels] });
    const openRows = memoryRows({ "/acquisition/a/data": { data, width: channels } });
    const plans = planConversion(nwb([a]), [], 1, openRows);
    let inFlight = 0;
    let most = 0;
    const sink: OutputSink = {
      put: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 0));
        inFlight--;
      },
      finish: async () => {},
      abort: async () => {},
    };
    const gzip = async (d: Uint8Array) => storedGzip(d, (x, s) => crc32(x, s));
    const summary = await convert(plans, openRows, { level: 0, gzip, sink, parallel: 4 });
    expect(summary.files).toBe(2 * channels);
    expect(most).toBeLessThanOrEqual(5);
  });

  it("hands each channel to an encoder elsewhere as a copy of its own, and reuses the copies it gives back", async () => {
    const channels = 20; // wide: channel-major blocks
    const rows = 64;
    const data = new Int16Array(rows * channels).map((_, i) => ((i * 7919) % 2001) - 1000);
    const a = series("/acquisition/a", channels, { shape: [rows, channels], conversion: 1e-6, unit: "volts" });
    const openRows = memoryRows({ "/acquisition/a/data": { data, width: channels } });
    const plans = planConversion(nwb([a]), [], 64 / 2 ** 20, openRows); // N = 8 samples: 8 chunks
    const crc = (x: Uint8Array, seed?: number) => crc32(x, seed);
    const gzip = async (d: Uint8Array) => storedGzip(d, crc);

    const inPlace = memorySink();
    await convert(plans, openRows, { level: 0, gzip, crc32: crc, sink: inPlace.sink });

    const given = new Set<ArrayBufferLike>();
    let calls = 0;
    const encode: EncodeChunk = async (spec) => {
      calls++;
      expect(spec.width).toBe(1);
      expect(spec.src.length).toBe(spec.rows);
      given.add(spec.src.buffer);
      await new Promise((r) => setTimeout(r, 1)); // elsewhere: later, several at once
      const { gz, memberCrc } = encodeChunkStoredGzip(spec, crc);
      // As a pool worker does: the copy was transferred and comes back with the result.
      return { gz, crc: memberCrc, src: spec.src };
    };
    const elsewhere = memorySink();
    await convert(plans, openRows, { level: 0, gzip, crc32: crc, encode, sink: elsewhere.sink, parallel: 3 });

    expect([...elsewhere.files.keys()].sort()).toEqual([...inPlace.files.keys()].sort());
    for (const [name, bytes] of inPlace.files)
      expect(Buffer.from(elsewhere.files.get(name)!)).toEqual(Buffer.from(bytes));
    expect(calls).toBe(channels * 8);
    // Copies go round: a few buffers for 160 chunk files, not one each.
    expect(given.size).toBeLessThanOrEqual(3 + 3);
  });

  it("leaves the room a sink asks for before each level-0 file, in the sink's spare buffers, in place and elsewhere", async () => {
    const channels = 20;
    const rows = 24;
    const data = new Int16Array(rows * channels).map((_, i) => (i % 97) - 48);
    const a = series("/acquisition/a", channels, { shape: [rows, channels] });
    const openRows = memoryRows({ "/acquisition/a/data": { data, width: channels } });
    const plans = planConversion(nwb([a]), [], 64 / 2 ** 20, openRows);
    const crc = (x: Uint8Array, seed?: number) => crc32(x, seed);
    const gzip = async (d: Uint8Array) => storedGzip(d, crc);
    const reference = memorySink();
    await convert(plans, openRows, { level: 0, gzip, crc32: crc, sink: reference.sink });

    const roomy = () => {
      const files = new Map<string, Uint8Array>();
      const rooms: boolean[] = [];
      const spares: ArrayBuffer[] = [];
      const sink: OutputSink = {
        headroom: (name, size) => name.length + (size % 7),
        // Spares hold junk: every byte of a file made in one must be written anew.
        spare: (bytes) => {
          const b = new Uint8Array(bytes).fill(0xab).buffer;
          spares.push(b);
          return b;
        },
        put: async (name, bytes, _crc, room = 0) => {
          if (name.endsWith(".bin.gz"))
            rooms.push(
              room === name.length + (bytes.length % 7) &&
                bytes.byteOffset >= room &&
                spares.includes(bytes.buffer as ArrayBuffer),
            );
          files.set(name, bytes.slice());
        },
        finish: async () => {},
        abort: async () => {},
      };
      return { sink, files, rooms };
    };
    const encode: EncodeChunk = async (spec, _level, room, into) => {
      const { gz, memberCrc } = encodeChunkStoredGzip(spec, crc, into && new Uint8Array(into), room);
      return { gz, crc: memberCrc, room };
    };
    for (const options of [{}, { encode }]) {
      const out = roomy();
      await convert(plans, openRows, { level: 0, gzip, crc32: crc, sink: out.sink, ...options });
      expect(out.rooms.length).toBe(channels * 3);
      expect(out.rooms.every(Boolean)).toBe(true);
      expect([...out.files.keys()].sort()).toEqual([...reference.files.keys()].sort());
      for (const [name, bytes] of reference.files)
        expect(Buffer.from(out.files.get(name)!)).toEqual(Buffer.from(bytes));
    }
  });
});

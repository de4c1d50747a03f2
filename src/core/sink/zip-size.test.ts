import { describe, expect, it } from "vitest";
import { ZipWriter, type ByteSink } from "./zip-writer";
import { zipSize } from "./zip-size";

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Counts what the writer emits without keeping or reading it (a 4 GiB entry of untouched zeros costs nothing). */
function countingSink(): ByteSink & { bytes: number } {
  return {
    bytes: 0,
    async write(chunk) {
      this.bytes += chunk.length;
    },
    async close() {},
  };
}

async function written(entries: [string, Uint8Array, number?][]): Promise<number> {
  const sink = countingSink();
  const zip = new ZipWriter(sink);
  for (const [name, data, crc] of entries) await zip.addEntry(name, data, crc ?? 0);
  const { bytes } = await zip.finish();
  expect(sink.bytes).toBe(bytes);
  return bytes;
}

const sizes = (entries: [string, Uint8Array, number?][]) =>
  entries.map(([name, data]) => ({ nameBytes: utf8(name).length, size: data.length }));

describe("zipSize", () => {
  it("is the size ZipWriter writes: plain entries, non-ASCII names, an empty archive", async () => {
    const entries: [string, Uint8Array][] = [
      ["channel-00000_0_999.bin.gz", new Uint8Array(1234)],
      ["données/µV.json", utf8("{}")],
      ["empty", new Uint8Array(0)],
    ];
    expect(zipSize(sizes(entries))).toBe(await written(entries));
    expect(zipSize([])).toBe(await written([]));
  });

  it("counts the zip64 end records past 65,535 entries", { timeout: 60_000 }, async () => {
    const one = new Uint8Array(1);
    const entries = Array.from({ length: 65_536 }, (_, i): [string, Uint8Array] => [`f${i}`, one]);
    expect(zipSize(sizes(entries))).toBe(await written(entries));
  });

  it(
    "counts zip64 fields of an entry of 4 GiB and of the entries that start past it",
    { timeout: 60_000 },
    async () => {
      const zeros = new Uint8Array(2 ** 32); // never touched: the sink only counts
      const entries: [string, Uint8Array, number][] = [
        ["before.txt", utf8("a"), 0],
        ["zeros.bin", zeros, 0xd202ef8d],
        ["after.txt", utf8("b"), 0],
      ];
      expect(zipSize(sizes(entries))).toBe(await written(entries));
    },
  );
});

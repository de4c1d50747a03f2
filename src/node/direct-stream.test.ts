import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { openStream } from "./direct-stream";
import { zipFileSink } from "./zip-file-sink";

// On the disk (os.tmpdir(): ext4 here and on CI), where O_DIRECT is taken.
const dir = mkdtempSync(join(tmpdir(), "direct-stream-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pattern(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 29 + seed + (i >>> 12)) & 0xff;
  return bytes;
}

/** Pieces of uneven sizes, some longer than a 4 MiB half, that add up to `length`. */
function pieces(bytes: Uint8Array): Uint8Array[] {
  const sizes = [1, 4095, 77, 5 << 20, 4096, 3 << 20, 12345];
  const out: Uint8Array[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = Math.min(sizes[i % sizes.length]!, bytes.length - at);
    out.push(bytes.slice(at, at + n)); // a copy each, in node's own (unaligned) memory
    at += n;
  }
  return out;
}

const MiB = 1 << 20;

describe("openStream", () => {
  it("writes a file front to back around the page cache, byte for byte and cut to its length", async () => {
    for (const length of [0, 1, 4095, 4096, 4097, 4 * MiB, 4 * MiB + 1, 8 * MiB, 11 * MiB + 4097]) {
      const bytes = pattern(length, length & 0xff);
      const path = join(dir, `s-${length}.bin`);
      const file = openStream(path, true);
      for (const piece of pieces(bytes)) await file.write(piece);
      await file.close();
      await file.close(); // twice: nothing more
      expect(file.direct, `${length}: the disk under os.tmpdir() took O_DIRECT`).toBe(true);
      expect(statSync(path).size, `${length}`).toBe(length);
      expect(readFileSync(path).equals(bytes), `${length}`).toBe(true);
    }
  });

  it("is an ordinary file, silently, where O_DIRECT is refused", async () => {
    const refused = openStream("/dev/null", true); // a character device refuses O_DIRECT at open
    await refused.write(pattern(5 * MiB, 1));
    await refused.close();
    expect(refused.direct).toBe(false);
    const path = join(dir, "off.bin");
    const off = openStream(path, false);
    await off.write(pattern(4097, 2));
    await off.close();
    expect(off.direct).toBe(false);
    expect(readFileSync(path).equals(pattern(4097, 2))).toBe(true);
  });
});

describe("zipFileSink", () => {
  it("writes the same entries around the page cache as the ordinary way", async () => {
    const entries = [
      ["a.bin.gz", pattern(1_048_679, 3)],
      ["b.json", pattern(158, 4)],
      ["c.bin.gz", pattern(5 * MiB + 1, 5)],
    ] as const;
    const zips: Record<string, Uint8Array>[] = [];
    const sizes: number[] = [];
    for (const direct of [true, false]) {
      const path = join(dir, `out-${direct}.zip`);
      const sink = zipFileSink(path, undefined, direct);
      for (const [name, bytes] of entries) await sink.put(name, bytes.slice());
      await sink.finish();
      zips.push(unzipSync(readFileSync(path)));
      sizes.push(statSync(path).size);
    }
    expect(sizes[0], "no padding left after the directory").toBe(sizes[1]);
    for (const zip of zips) {
      expect(Object.keys(zip)).toEqual(entries.map(([name]) => name));
      for (const [name, bytes] of entries) expect(Buffer.from(zip[name]!).equals(bytes), name).toBe(true);
    }
  });
});

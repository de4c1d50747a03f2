import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { directIoWanted } from "./direct-io";
import { fileWriter } from "./direct-write";
import { directorySink } from "./directory-sink";

// On the disk (os.tmpdir(): ext4 here and on CI), where O_DIRECT is taken.
const dir = mkdtempSync(join(tmpdir(), "direct-write-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes that differ from block to block and within one, so a block out of place shows. */
function pattern(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed + (i >>> 12)) & 0xff;
  return bytes;
}

const LENGTHS = [0, 1, 4095, 4096, 4097, (5 << 20) + 123];

describe("fileWriter", () => {
  it("writes files of every tail length around the page cache, byte for byte and cut to their length", async () => {
    const writer = fileWriter({ direct: true });
    for (const length of LENGTHS) {
      const bytes = pattern(length, length);
      // From node's own memory (through the stages) and from a page-aligned buffer (straight from it).
      const aligned = new Uint8Array(writer.alignedBuffer(length)!, 0, length);
      aligned.set(bytes);
      // A view into the middle of a buffer: not on a page, so staged even though the buffer is aligned.
      const inside = new Uint8Array(writer.alignedBuffer(length + 100)!, 100, length);
      inside.set(bytes);
      for (const [how, source] of [
        ["plain", bytes.slice()],
        ["aligned", aligned],
        ["inside", inside],
      ] as const) {
        const path = join(dir, `${how}-${length}.bin`);
        await writer.writeFile(path, source);
        expect(statSync(path).size, `${how} ${length}`).toBe(length);
        expect(readFileSync(path).equals(bytes), `${how} ${length}`).toBe(true);
      }
    }
    expect(writer.direct, "the disk under os.tmpdir() took O_DIRECT").toBe(true);
  });

  it("writes many files at once through few stages, and replaces a longer file wholly", async () => {
    const writer = fileWriter({ direct: true, stages: 2 });
    const path = (i: number) => join(dir, `many-${i}.bin`);
    await writer.writeFile(path(0), pattern(3 << 20, 9)); // longer than what replaces it below
    const files = Array.from({ length: 12 }, (_, i) => pattern(100_000 * i + 7 * i, i));
    await Promise.all(files.map((bytes, i) => writer.writeFile(path(i), bytes)));
    for (const [i, bytes] of files.entries()) expect(readFileSync(path(i)).equals(bytes), `file ${i}`).toBe(true);
    expect(writer.direct).toBe(true);
  });

  it("falls back to ordinary writes, silently and for good, where O_DIRECT is refused", async () => {
    const writer = fileWriter({ direct: true });
    // Character devices refuse O_DIRECT at open (EINVAL), as FUSE and older tmpfs do.
    await writer.writeFile("/dev/null", pattern(5000, 1));
    expect(writer.direct).toBe(false);
    expect(writer.alignedBuffer(4096)).toBeUndefined();
    const bytes = pattern(4097, 2);
    await writer.writeFile(join(dir, "after-refusal.bin"), bytes);
    expect(readFileSync(join(dir, "after-refusal.bin")).equals(bytes)).toBe(true);
  });

  it.runIf(existsSync("/dev/shm"))("writes identical bytes on tmpfs, whether it takes O_DIRECT or not", async () => {
    const shm = mkdtempSync("/dev/shm/direct-write-");
    try {
      const writer = fileWriter({ direct: true });
      for (const length of LENGTHS) {
        const bytes = pattern(length, 3);
        await writer.writeFile(join(shm, `${length}.bin`), bytes);
        expect(readFileSync(join(shm, `${length}.bin`)).equals(bytes), `${length}`).toBe(true);
      }
    } finally {
      rmSync(shm, { recursive: true, force: true });
    }
  });

  it("is asked for with NWB2PENNSIEVE_DIRECT_IO=1, off otherwise", async () => {
    expect(directIoWanted({ NWB2PENNSIEVE_DIRECT_IO: "0" })).toBe(false);
    expect(directIoWanted({})).toBe(false);
    expect(directIoWanted({ NWB2PENNSIEVE_DIRECT_IO: "1" })).toBe(process.platform === "linux");
    const writer = fileWriter({ direct: false });
    expect(writer.alignedBuffer(10)).toBeUndefined();
    await writer.writeFile(join(dir, "off.bin"), pattern(4097, 4));
    expect(readFileSync(join(dir, "off.bin")).equals(pattern(4097, 4))).toBe(true);
  });
});

describe("directorySink", () => {
  it("offers page-aligned buffers and writes the files made in them", async () => {
    const out = join(dir, "sink");
    const sink = directorySink(out, undefined, { direct: true });
    const spare = sink.spare!(1_048_679)!;
    expect(spare.byteLength).toBeGreaterThanOrEqual(1_048_679);
    const bytes = pattern(1_048_679, 5);
    const file = new Uint8Array(spare, 0, bytes.length);
    file.set(bytes);
    await sink.put("a.bin.gz", file);
    await sink.put("b.json", pattern(158, 6));
    await sink.finish();
    expect(readFileSync(join(out, "a.bin.gz")).equals(bytes)).toBe(true);
    expect(readFileSync(join(out, "b.json")).equals(pattern(158, 6))).toBe(true);
  });
});

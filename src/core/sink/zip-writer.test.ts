import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { gzipSync, unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { localHeaderLength, ZipWriter, type ByteSink } from "./zip-writer";

const utf8 = (s: string) => new TextEncoder().encode(s);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zip-writer-test-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const hasUnzip = spawnSync("unzip", ["-v"]).status === 0;
const hasPython = spawnSync("python3", ["--version"]).status === 0;
/** Info-ZIP only prints and matches non-ASCII names under a UTF-8 locale. */
const unzip = (...args: string[]) =>
  execFileSync("unzip", args, { env: { ...process.env, LC_ALL: "C.UTF-8" }, maxBuffer: 64 << 20 });

/** Runs a python3 snippet with `zipfile` on `file`; the snippet sets `out`, printed as JSON. */
function python(file: string, snippet: string): unknown {
  const script = `import json, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\n${snippet}\nprint(json.dumps(out))`;
  return JSON.parse(execFileSync("python3", ["-c", script, file], { encoding: "utf8" }));
}

/**
 * Python defining stored_crc(name): the CRC-32 of a stored entry's bytes as they are in the file, read hole by
 * hole. zipfile opens the entry (it checks the local header); a sparse file's holes (SEEK_DATA, SEEK_HOLE) are
 * zeros, whose CRC comes from one small zero buffer, so 4 GiB of holes cost ~1 CPU second where zipfile's
 * testzip read them all (~6 s). Where the file system does not tell its holes, every byte is read.
 */
const PYTHON_STORED_CRC = `
import os, struct, zlib
def stored_crc(name):
    i = z.getinfo(name)
    assert i.compress_type == zipfile.ZIP_STORED
    z.open(i).close()
    fd = os.open(sys.argv[1], os.O_RDONLY)
    name_length, extra_length = struct.unpack("<HH", os.pread(fd, 30, i.header_offset)[26:30])
    at = i.header_offset + 30 + name_length + extra_length
    end, crc, zero = at + i.compress_size, 0, memoryview(bytes(1 << 24))
    while at < end:
        try:
            data = min(os.lseek(fd, at, os.SEEK_DATA), end)
        except OSError:  # ENXIO: a hole up to the end of the file
            data = end
        while at < data:
            n = min(len(zero), data - at)
            crc, at = zlib.crc32(zero[:n], crc), at + n
        hole = min(os.lseek(fd, at, os.SEEK_HOLE), end) if at < end else end
        while at < hole:
            piece = os.pread(fd, min(1 << 24, hole - at), at)
            crc, at = zlib.crc32(piece, crc), at + len(piece)
    os.close(fd)
    return crc
`;

function memorySink() {
  const chunks: Uint8Array[] = [];
  let closed = false;
  const sink: ByteSink = {
    write: async (chunk) => void chunks.push(chunk.slice()),
    close: async () => void (closed = true),
  };
  const bytes = () => {
    const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    chunks.reduce((at, c) => (all.set(c, at), at + c.length), 0);
    return all;
  };
  return { sink, bytes, isClosed: () => closed };
}

/** Writes to a file; chunks for which `hole` is true only advance the position, leaving a sparse hole (reads as zeros). */
function fileSink(file: string, hole: (chunk: Uint8Array) => boolean = () => false): ByteSink {
  const fd = fs.openSync(file, "w");
  let position = 0;
  return {
    async write(chunk) {
      for (let done = 0; !hole(chunk) && done < chunk.length;) {
        done += fs.writeSync(fd, chunk, done, chunk.length - done, position + done);
      }
      position += chunk.length;
    },
    async close() {
      fs.ftruncateSync(fd, position); // in case the file ended in a hole
      fs.closeSync(fd);
    },
  };
}

type Read = (position: number, length: number) => Uint8Array;
const memoryReader =
  (bytes: Uint8Array): Read =>
  (position, length) =>
    bytes.subarray(position, position + length);
function fileReader(fd: number): Read {
  return (position, length) => {
    const out = new Uint8Array(length);
    expect(fs.readSync(fd, out, 0, length, position)).toBe(length);
    return out;
  };
}

// ---- An independent reader of exactly the structures the writer must produce (APPNOTE 6.3.x). ----

const le = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const u64 = (v: DataView, at: number) => v.getUint32(at, true) + v.getUint32(at + 4, true) * 2 ** 32;

interface Entry {
  name: string;
  madeBy: number;
  needed: number;
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  extraLength: number;
  attributes: number;
}

interface Directory {
  entries: Entry[];
  zip64: boolean;
  /** The classic end record's raw fields. */
  classic: { count: number; cdSize: number; cdOffset: number };
  cdOffset: number;
}

function parseDirectory(read: Read, fileSize: number): Directory {
  const end = le(read(fileSize - 22, 22));
  expect(end.getUint32(0, true)).toBe(0x06054b50);
  const classic = {
    count: end.getUint16(10, true),
    cdSize: end.getUint32(12, true),
    cdOffset: end.getUint32(16, true),
  };
  expect(end.getUint16(8, true)).toBe(classic.count);
  let { count, cdSize, cdOffset } = classic;
  const locator = le(read(fileSize - 42, 20));
  const zip64 = locator.getUint32(0, true) === 0x07064b50;
  if (zip64) {
    const recordOffset = u64(locator, 8);
    expect(recordOffset).toBe(fileSize - 42 - 56);
    expect(locator.getUint32(16, true)).toBe(1);
    const record = le(read(recordOffset, 56));
    expect(record.getUint32(0, true)).toBe(0x06064b50);
    expect(u64(record, 4)).toBe(44);
    expect(record.getUint16(14, true)).toBe(45);
    expect(u64(record, 24)).toBe(u64(record, 32));
    [count, cdSize, cdOffset] = [u64(record, 32), u64(record, 40), u64(record, 48)];
    expect(cdOffset + cdSize).toBe(recordOffset);
  } else {
    expect(cdOffset + cdSize).toBe(fileSize - 22);
  }
  const cd = read(cdOffset, cdSize);
  const v = le(cd);
  const entries: Entry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    expect(v.getUint32(at, true)).toBe(0x02014b50);
    const [nameLength, extraLength, commentLength] = [28, 30, 32].map((o) => v.getUint16(at + o, true));
    const e: Entry = {
      name: new TextDecoder("utf-8", { fatal: true }).decode(cd.subarray(at + 46, at + 46 + nameLength)),
      madeBy: v.getUint16(at + 4, true),
      needed: v.getUint16(at + 6, true),
      flags: v.getUint16(at + 8, true),
      method: v.getUint16(at + 10, true),
      time: v.getUint16(at + 12, true),
      date: v.getUint16(at + 14, true),
      crc: v.getUint32(at + 16, true),
      compressed: v.getUint32(at + 20, true),
      size: v.getUint32(at + 24, true),
      offset: v.getUint32(at + 42, true),
      extraLength,
      attributes: v.getUint32(at + 38, true),
    };
    // Zip64 extra: only the fields whose 32-bit slot is 0xFFFFFFFF, in this order.
    let x = at + 46 + nameLength;
    const extraEnd = x + extraLength;
    if (extraLength > 0) {
      expect(v.getUint16(x, true)).toBe(1);
      expect(x + 4 + v.getUint16(x + 2, true)).toBe(extraEnd);
      x += 4;
      for (const key of ["size", "compressed", "offset"] as const) {
        if (e[key] === 0xffffffff) [e[key], x] = [u64(v, x), x + 8];
      }
      expect(x).toBe(extraEnd);
    }
    entries.push(e);
    at = extraEnd + commentLength;
  }
  expect(at).toBe(cdSize);
  return { entries, zip64, classic, cdOffset };
}

/** Checks the local header against its central entry and returns where the data starts. */
function checkLocalHeader(read: Read, e: Entry): number {
  const v = le(read(e.offset, 30));
  expect(v.getUint32(0, true)).toBe(0x04034b50);
  const fields = [4, 6, 8, 10, 12].map((o) => v.getUint16(o, true));
  expect(fields).toEqual([e.needed, e.flags, e.method, e.time, e.date]);
  expect(v.getUint32(14, true)).toBe(e.crc);
  const [nameLength, extraLength] = [v.getUint16(26, true), v.getUint16(28, true)];
  const rest = read(e.offset + 30, nameLength + extraLength);
  expect(new TextDecoder().decode(rest.subarray(0, nameLength))).toBe(e.name);
  let sizes = [v.getUint32(22, true), v.getUint32(18, true)];
  if (e.size >= 0xffffffff) {
    expect(sizes).toEqual([0xffffffff, 0xffffffff]);
    const x = le(rest.subarray(nameLength));
    expect([x.getUint16(0, true), x.getUint16(2, true), extraLength]).toEqual([1, 16, 20]);
    sizes = [u64(x, 4), u64(x, 12)];
  } else {
    expect(extraLength).toBe(0);
  }
  expect(sizes).toEqual([e.size, e.compressed]);
  return e.offset + 30 + nameLength + extraLength;
}

const dos = (e: Entry) => [
  (e.date >> 9) + 1980,
  (e.date >> 5) & 15,
  e.date & 31,
  e.time >> 11,
  (e.time >> 5) & 63,
  (e.time & 31) * 2,
];

describe("ZipWriter", () => {
  const now = new Date(2024, 4, 17, 13, 45, 31); // local time, as DOS timestamps are
  const small: [string, Uint8Array][] = [
    ["hello.txt", utf8("Hello, zip!\n")],
    ["données/été 📈.txt", utf8("non-ASCII name\n")],
    ["series/ch0.bin.gz", gzipSync(utf8("0123456789".repeat(5000)), { mtime: 0 })],
    ["empty.txt", new Uint8Array(0)],
  ];

  it("writes a plain zip that fflate, unzip and python all read", async () => {
    const { sink, bytes, isClosed } = memorySink();
    const zip = new ZipWriter(sink, { now });
    for (const [name, data] of small) await zip.addEntry(name, data);
    const result = await zip.finish();
    const archive = bytes();
    expect(isClosed()).toBe(true);
    expect(result).toEqual({ entries: small.length, bytes: archive.length });
    expect(zip.bytesWritten).toBe(archive.length);

    // Plain zip: headers without extra fields, no zip64 records, nothing else.
    const names = small.map(([n, d]) => [utf8(n).length, d.length]);
    expect(archive.length).toBe(names.reduce((sum, [n, d]) => sum + 30 + n + d + 46 + n, 22));
    const dir = parseDirectory(memoryReader(archive), archive.length);
    expect(dir.zip64).toBe(false);
    expect(dir.entries.map((e) => e.name)).toEqual(small.map(([n]) => n));
    for (const [i, e] of dir.entries.entries()) {
      const data = small[i][1];
      expect(e).toMatchObject({ needed: 20, madeBy: 0x0314, flags: 0x0800, method: 0, extraLength: 0 });
      expect((e.attributes >>> 16).toString(8)).toBe("100644"); // regular file, rw-r--r--
      expect([e.size, e.compressed, e.crc]).toEqual([data.length, data.length, zlib.crc32(data)]);
      expect(dos(e)).toEqual([2024, 5, 17, 13, 45, 30]);
      const start = checkLocalHeader(memoryReader(archive), e);
      expect(archive.subarray(start, start + e.size)).toEqual(data);
    }

    const unzipped = unzipSync(archive);
    expect(Object.keys(unzipped)).toEqual(small.map(([n]) => n));
    for (const [name, data] of small) expect(unzipped[name]).toEqual(data);

    const file = path.join(tmp, "small.zip");
    fs.writeFileSync(file, archive);
    if (hasUnzip) {
      const listing = unzip("-l", file).toString();
      for (const [name] of small) expect(listing).toContain(name);
      expect(listing).toContain("2024-05-17 13:45");
      expect(unzip("-p", file, "données/été 📈.txt").toString()).toBe("non-ASCII name\n");
      expect(new Uint8Array(unzip("-p", file, "series/ch0.bin.gz"))).toEqual(small[2][1]);
      expect(unzip("-t", file).toString()).toContain("No errors detected");
    }
    if (hasPython) {
      const out = python(file, "out = [[i.filename, i.date_time, i.flag_bits] for i in z.infolist()]");
      expect(out).toEqual(small.map(([n]) => [n, [2024, 5, 17, 13, 45, 30], 0x0800]));
    }
  });

  it("is written by several writers in turn: each pauses, the next goes on, the last writes the directory", async () => {
    const whole = memorySink();
    const one = new ZipWriter(whole.sink, { now });
    for (const [name, data] of small) await one.addEntry(name, data);
    await one.finish();

    const { sink, bytes, isClosed } = memorySink();
    const first = new ZipWriter(sink, { now });
    for (const [name, data] of small.slice(0, 2)) await first.addEntry(name, data);
    const part = await first.pause();
    expect(isClosed()).toBe(false);
    await expect(first.addEntry("late.txt", utf8("x"))).rejects.toThrow(/after finish/);
    expect(part).toMatchObject({ bytes: bytes().length, entries: 2 });
    const second = new ZipWriter(sink, { now, continueFrom: part });
    for (const [name, data] of small.slice(2)) await second.addEntry(name, data);
    expect(await second.finish()).toEqual({ entries: small.length, bytes: bytes().length });
    expect(isClosed()).toBe(true);
    // The same bytes as one writer's: offsets run on, one directory of all the entries.
    expect(bytes()).toEqual(whole.bytes());
  });

  it("hands an entry's data to the sink only when the caller handed it over; its own headers always", async () => {
    const seen: { length: number; yours: boolean; data: boolean }[] = [];
    const handed = new Uint8Array(100 << 10).fill(1);
    const kept = new Uint8Array(100 << 10).fill(2);
    const sink = {
      write: async (chunk: Uint8Array, yours?: boolean) =>
        void seen.push({
          length: chunk.length,
          yours: yours === true,
          data: chunk.buffer === handed.buffer || chunk.buffer === kept.buffer,
        }),
      close: async () => {},
    };
    const zip = new ZipWriter(sink, { now });
    await zip.addEntry("handed.bin", handed, undefined, true);
    await zip.addEntry("kept.bin", kept);
    await zip.addEntry("small.txt", utf8("header and data in one fresh chunk"));
    const entries = seen.splice(0);
    expect(entries).toEqual([
      { length: 30 + 10, yours: true, data: false },
      { length: handed.length, yours: true, data: true },
      { length: 30 + 8, yours: true, data: false },
      { length: kept.length, yours: false, data: true },
      { length: 30 + 9 + 34, yours: true, data: false },
    ]);
    await zip.finish();
  });

  it("puts the header in the room left before an entry's data: one whole-buffer chunk, the same archive", async () => {
    const names = ["a/channel-00000_1_2.bin.gz", "b.bin", "é.bin"];
    const payloads = names.map((_, i) => new Uint8Array(100 << 10).fill(i + 1));
    const plain = memorySink();
    const zipPlain = new ZipWriter(plain.sink, { now });
    for (const [i, name] of names.entries()) await zipPlain.addEntry(name, payloads[i]!, undefined, true);
    await zipPlain.finish();

    const chunks: { chunk: Uint8Array; whole: boolean; yours: boolean }[] = [];
    const sink: ByteSink = {
      write: async (chunk, yours) =>
        void chunks.push({
          chunk: chunk.slice(),
          whole: chunk.byteOffset === 0 && chunk.length === chunk.buffer.byteLength,
          yours: yours === true,
        }),
      close: async () => {},
    };
    const zip = new ZipWriter(sink, { now });
    for (const [i, name] of names.entries()) {
      const room = localHeaderLength(name, payloads[i]!.length);
      const buffer = new Uint8Array(room + payloads[i]!.length).fill(0xee); // the room holds junk until then
      buffer.set(payloads[i]!, room);
      await zip.addEntry(name, buffer.subarray(room), undefined, true, room);
    }
    // Too little room: the header goes on its own, as without room.
    const short = new Uint8Array(10 + (100 << 10)).fill(7);
    await zip.addEntry("short-room.bin", short.subarray(10), undefined, true, 10);
    const entries = chunks.splice(0);
    expect(entries.slice(0, 3).map((c) => [c.whole, c.yours])).toEqual([
      [true, true],
      [true, true],
      [true, true],
    ]);
    expect(entries.slice(0, 3).map((c) => c.chunk.length)).toEqual(
      names.map((n, i) => localHeaderLength(n, payloads[i]!.length) + payloads[i]!.length),
    );
    expect(entries.slice(3).map((c) => c.chunk.length)).toEqual([30 + 14, 100 << 10]);
    await zip.finish();
    const archive = Buffer.concat([...entries, ...chunks].map((c) => c.chunk));
    // The same bytes as the archive written without room, up to the extra entry and its directory record.
    const withRoom = unzipSync(new Uint8Array(archive));
    for (const [i, name] of names.entries()) expect(withRoom[name]).toEqual(payloads[i]);
    const plainBytes = plain.bytes();
    const entriesBytes = plainBytes.length - (46 * 3 + names.reduce((n, x) => n + utf8(x).length, 0) + 22);
    expect(Buffer.from(archive.subarray(0, entriesBytes))).toEqual(Buffer.from(plainBytes.subarray(0, entriesBytes)));
  });

  it("stays whole when the sink moves away (detaches) every chunk handed over", async () => {
    const parts: Uint8Array[] = [];
    const sink = {
      async write(chunk: Uint8Array, yours?: boolean) {
        parts.push(chunk.slice());
        if (yours) structuredClone(chunk.buffer, { transfer: [chunk.buffer as ArrayBuffer] }); // as postMessage does
      },
      close: async () => {},
    };
    const zip = new ZipWriter(sink, { now });
    const entries = [...small, ["big.bin", new Uint8Array(200 << 10).fill(3)] as [string, Uint8Array]];
    for (const [name, data] of entries) await zip.addEntry(name, data.slice(), undefined, true);
    await zip.finish();
    const archive = new Uint8Array(Buffer.concat(parts));
    const unzipped = unzipSync(archive);
    for (const [name, data] of entries) expect(unzipped[name]).toEqual(data);
  });

  it("uses a given crc as is, and otherwise the injected crc32 in bounded pieces", async () => {
    const calls: number[] = [];
    const crc32 = (data: Uint8Array, seed?: number) => (calls.push(data.length), zlib.crc32(data, seed));
    const { sink, bytes } = memorySink();
    const zip = new ZipWriter(sink, { now, crc32 });
    const big = new Uint8Array(40 << 20).fill(7);
    await zip.addEntry("given.gz", utf8("abc"), 0x12345678);
    expect(calls).toEqual([]);
    await zip.addEntry("big.bin", big);
    expect(calls).toEqual([16 << 20, 16 << 20, 8 << 20]);
    await zip.finish();
    const archive = bytes();
    const [given, computed] = parseDirectory(memoryReader(archive), archive.length).entries;
    for (const e of [given, computed]) checkLocalHeader(memoryReader(archive), e);
    expect(given.crc).toBe(0x12345678);
    expect(computed.crc).toBe(zlib.crc32(big));
  });

  it("switches to zip64 end records past 65,535 entries", { timeout: 60_000 }, async () => {
    const file = path.join(tmp, "many.zip");
    const count = 70_000;
    const zip = new ZipWriter(fileSink(file), { now });
    const content = (i: number) => utf8(`entry ${i}\n`);
    for (let i = 0; i < count; i++) await zip.addEntry(`d/${i}.txt`, content(i));
    const { entries, bytes } = await zip.finish();
    expect(entries).toBe(count);
    expect(fs.statSync(file).size).toBe(bytes);

    const fd = fs.openSync(file, "r");
    try {
      const dir = parseDirectory(fileReader(fd), bytes);
      expect(dir.zip64).toBe(true);
      expect(dir.entries.length).toBe(count);
      // Counts saturate to the zip64 marker; the offset still fits so it stays exact.
      expect(dir.classic).toMatchObject({ count: 0xffff, cdOffset: dir.cdOffset });
      for (const i of [0, 65_534, 65_535, 69_999]) {
        const e = dir.entries[i];
        expect(e).toMatchObject({ name: `d/${i}.txt`, needed: 20, extraLength: 0 });
        const start = checkLocalHeader(fileReader(fd), e);
        expect(fileReader(fd)(start, e.size)).toEqual(content(i));
      }
    } finally {
      fs.closeSync(fd);
    }

    if (hasPython) {
      const out = python(
        file,
        'out = [len(z.infolist()), z.testzip(), z.read("d/0.txt").decode(), z.read("d/69999.txt").decode()]',
      );
      expect(out).toEqual([count, null, "entry 0\n", "entry 69999\n"]);
    }
    if (hasUnzip) expect(unzip("-tq", file).toString()).toMatch(/^No errors detected/);
  });

  // The 4 GiB of zeros are never touched in memory (lazily zeroed pages) nor written (sparse holes read
  // back as zeros), so this is a complete, valid archive past 4 GiB that other tools read end to end.
  const free = fs.statfsSync(os.tmpdir());
  it.skipIf(free.bavail * free.bsize < 6 * 2 ** 30)(
    "puts entries, sizes and the directory past 4 GiB with zip64 fields",
    { timeout: 120_000 },
    async () => {
      const file = path.join(tmp, "big.zip");
      const zeros = new Uint8Array(2 ** 32); // the largest typed array Node 20 allows; size >= 0xFFFFFFFF
      const entries: [string, Uint8Array][] = [
        ["first.txt", utf8("before the big one\n")],
        ["zeros.bin", zeros],
        ["after.txt", utf8("past the 4 GiB mark\n")],
        ["tail.gz", gzipSync(utf8("tail ".repeat(10_000)), { mtime: 0 })],
      ];
      // zlib.crc32 checks the writer's piecewise CRC (on Node 20 one whole-buffer call returns 0), on the same bytes
      // as the pieces it is given: the zeros' pieces are read from one small zero buffer instead. Reading the 4 GiB
      // itself faults in a million fresh pages (~15 CPU s, the test's time); the pieces must still tile the 4 GiB.
      const zeroPiece = new Uint8Array(16 << 20);
      let zerosCovered = 0;
      const crc32 = (data: Uint8Array, seed?: number) => {
        if (data.buffer !== zeros.buffer) return zlib.crc32(data, seed);
        expect(data.byteOffset).toBe(zerosCovered);
        expect(data.length).toBeLessThanOrEqual(zeroPiece.length);
        zerosCovered += data.length;
        return zlib.crc32(zeroPiece.subarray(0, data.length), seed);
      };
      const zip = new ZipWriter(
        fileSink(file, (chunk) => chunk.buffer === zeros.buffer),
        { now, crc32 },
      );
      try {
        for (const [name, data] of entries) await zip.addEntry(name, data);
        const { bytes } = await zip.finish();
        expect(zerosCovered).toBe(zeros.length);
        expect(fs.statSync(file).size).toBe(bytes);
        expect(bytes).toBeGreaterThan(2 ** 32);

        const fd = fs.openSync(file, "r");
        let dir: Directory;
        try {
          dir = parseDirectory(fileReader(fd), bytes);
          expect(dir.zip64).toBe(true);
          expect(dir.classic).toMatchObject({ count: 4, cdOffset: 0xffffffff });
          expect(dir.cdOffset).toBeGreaterThan(2 ** 32);
          const [first, big, after, tail] = dir.entries;
          expect(first).toMatchObject({ needed: 20, offset: 0, extraLength: 0 });
          expect(big).toMatchObject({ needed: 45, size: 2 ** 32, compressed: 2 ** 32, extraLength: 4 + 16 });
          expect(big.crc).toBe(0xd202ef8d); // CRC-32 of 4 GiB of zeros
          expect(after).toMatchObject({ needed: 45, extraLength: 4 + 8 });
          expect(tail).toMatchObject({ needed: 45, extraLength: 4 + 8 });
          expect(after.offset).toBeGreaterThan(2 ** 32);
          for (const [i, e] of dir.entries.entries()) {
            const start = checkLocalHeader(fileReader(fd), e);
            if (e !== big) expect(fileReader(fd)(start, e.size)).toEqual(entries[i][1]);
            // Entries are back to back: each one's data ends where the next header (or the directory) starts.
            expect(start + e.size).toBe(dir.entries[i + 1]?.offset ?? dir.cdOffset);
          }
        } finally {
          fs.closeSync(fd);
        }

        if (hasPython) {
          const out = python(
            file,
            PYTHON_STORED_CRC +
              "out = [[[i.filename, i.file_size, i.header_offset] for i in z.infolist()]," +
              ' z.read("first.txt").decode(), z.read("after.txt").decode(), z.read("tail.gz").hex(),' +
              ' stored_crc("zeros.bin")]',
          );
          const expected = dir.entries.map((e) => [e.name, e.size, e.offset]);
          const tailHex = Buffer.from(entries[3][1]).toString("hex");
          // zipfile checks each small entry's CRC as it reads it; the big one's is taken from the file's bytes.
          expect(out).toEqual([expected, "before the big one\n", "past the 4 GiB mark\n", tailHex, 0xd202ef8d]);
        }
        if (hasUnzip) {
          // Only the small entries: Info-ZIP needs ~12 s to check 4 GiB; python checked the big one's CRC above.
          expect(unzip("-tq", file, "first.txt", "after.txt", "tail.gz").toString()).toMatch(/^No errors/);
          expect(unzip("-p", file, "after.txt").toString()).toBe("past the 4 GiB mark\n");
          const listing = unzip("-lv", file).toString();
          expect(listing).toMatch(/4294967296 +Stored +4294967296 .* d202ef8d +zeros\.bin/);
        }
      } finally {
        fs.rmSync(file, { force: true });
      }
    },
  );

  it("awaits the sink: never more than one write outstanding", async () => {
    const pending: (() => void)[] = [];
    const written: Uint8Array[] = [];
    let outstanding = 0;
    let maxOutstanding = 0;
    const sink: ByteSink = {
      write: (chunk) => {
        written.push(chunk.slice());
        maxOutstanding = Math.max(maxOutstanding, ++outstanding);
        return new Promise((resolve) => pending.push(() => (outstanding--, resolve())));
      },
      close: async () => {},
    };
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    const zip = new ZipWriter(sink, { now });
    const big = new Uint8Array((16 << 20) + 5).fill(1); // header + two pieces
    let bigDone = false;
    let smallDone = false;
    // Called together: the writer must queue the second entry, not interleave it.
    const adding = [
      zip.addEntry("big.bin", big).then(() => (bigDone = true)),
      zip.addEntry("small.txt", utf8("small")).then(() => (smallDone = true)),
    ];
    for (const expectedLength of [30 + 7, 16 << 20, 5]) {
      await settle();
      expect(pending.length).toBe(1);
      expect(written.at(-1)?.length).toBe(expectedLength);
      expect(bigDone).toBe(false);
      expect(zip.bytesWritten).toBe(written.slice(0, -1).reduce((n, c) => n + c.length, 0));
      pending.shift()?.();
    }
    await settle();
    expect([bigDone, smallDone, pending.length]).toEqual([true, false, 1]);
    pending.shift()?.();
    await Promise.all(adding);
    const finishing = zip.finish();
    while (!(await Promise.race([finishing.then(() => true), settle().then(() => false)]))) {
      expect(pending.length).toBe(1);
      pending.shift()?.();
    }
    expect(maxOutstanding).toBe(1);
    const archive = new Uint8Array(Buffer.concat(written));
    const unzipped = unzipSync(archive);
    expect(Object.keys(unzipped)).toEqual(["big.bin", "small.txt"]);
    // Buffer.equals: toEqual walks a 16 MiB array key by key and runs out of heap.
    expect(Buffer.from(unzipped["big.bin"]).equals(big)).toBe(true);
    expect(unzipped["small.txt"]).toEqual(utf8("small"));
  });

  it("fails every later call once the sink fails, but not after a rejected argument", async () => {
    let fail = false;
    const sink: ByteSink = {
      write: async () => {
        if (fail) throw new Error("disk full");
      },
      close: async () => {},
    };
    const zip = new ZipWriter(sink, { now });
    await expect(zip.addEntry("", utf8("x"))).rejects.toThrow(/name/);
    await expect(zip.addEntry("a", utf8("x"), -1)).rejects.toThrow(/crc/);
    await zip.addEntry("ok.txt", utf8("fine"));
    fail = true;
    await expect(zip.addEntry("b", utf8("x"))).rejects.toThrow("disk full");
    fail = false;
    await expect(zip.addEntry("c", utf8("x"))).rejects.toThrow(/earlier write failed/);
    await expect(zip.finish()).rejects.toThrow(/earlier write failed/);
    await expect(zip.addEntry("d", utf8("x"))).rejects.toThrow(/after finish/);
  });
});

describe("ZipWriter hands buffers over only whole", () => {
  /** Records each write's length and whether the sink was told the chunk's whole buffer is its own. */
  function recordingSink() {
    const writes: { length: number; yours: boolean }[] = [];
    const sink: ByteSink = {
      async write(chunk, yours) {
        writes.push({ length: chunk.length, yours: yours === true });
      },
      async close() {},
    };
    return { sink, writes };
  }

  it("an entry split into pieces is never handed over (the first piece's transfer would take the rest)", async () => {
    const { sink, writes } = recordingSink();
    const zip = new ZipWriter(sink);
    await zip.addEntry("big.gz", new Uint8Array((16 << 20) + 10), 0, true);
    expect(writes.slice(1).map((w) => w.yours)).toEqual([false, false]);
  });

  it("a one-piece entry goes over when its buffer is its own; with room, as a view with its header in front", async () => {
    const { sink, writes } = recordingSink();
    const zip = new ZipWriter(sink);
    await zip.addEntry("whole.gz", new Uint8Array(100_000), 0, true);
    await zip.addEntry("view.gz", new Uint8Array(200_000).subarray(0, 100_000), 0, true);
    const room = localHeaderLength("roomy.gz", 100_000);
    const buffer = new Uint8Array(1 << 20);
    await zip.addEntry("roomy.gz", buffer.subarray(room + 8, room + 8 + 100_000), 0, true, room + 8);
    expect(writes.map((w) => [w.length, w.yours])).toEqual([
      [30 + 8, true], // header
      [100_000, true],
      [30 + 7, true],
      [100_000, false],
      [room + 100_000, true], // header and data in one piece of the buffer handed over
    ]);
  });
});

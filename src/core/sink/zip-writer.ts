/**
 * Streaming ZIP writer for payloads that are already compressed (`.gz`
 * files): entries are "stored", bytes go to the sink as each entry is added,
 * and only the central directory (~50 bytes per entry) stays in memory.
 * Zip64 records appear only when a size, offset or count needs them, so
 * small archives remain plain zips any tool can read.
 */
import { crc32 as jsCrc32, type Crc32 } from "./crc32";

/** Where archive bytes go. Awaiting `write` is the backpressure. */
export interface ByteSink {
  /**
   * The chunk may be a view of the caller's entry data: copy it if kept after resolving, unless `yours`
   * says the writer never touches the chunk's buffer again, the whole buffer and not only the chunk's bytes
   * (the sink may then keep or transfer it).
   */
  write(chunk: Uint8Array, yours?: boolean): Promise<void>;
  close(): Promise<void>;
}

export interface ZipWriterOptions {
  /** Modification time stamped on every entry (default: now). */
  now?: Date;
  /** A faster CRC-32, e.g. Node's `zlib.crc32`. */
  crc32?: Crc32;
  /** Goes on from where another writer paused: its bytes are already in the sink, its entries join the directory. */
  continueFrom?: ZipPart;
}

/**
 * What a paused writer hands to the next: the archive's length so far, and the central directory of its entries
 * (about 50 bytes each). One zip can so be written by several writers in turn (one per worker), each appending.
 */
export interface ZipPart {
  bytes: number;
  entries: number;
  central: Uint8Array[];
}

const U16 = 0xffff;
const U32 = 0xffffffff;
/**
 * Largest piece handed to the sink or the CRC function: bounds each sink write
 * (Node's fs.write rejects over 2 GiB) and avoids Node 20's zlib.crc32, which
 * takes the length as 32 bits and returns 0 for a 4 GiB buffer.
 */
const PIECE = 16 << 20;
/** Entries up to this size go out in one write with their header (fewer awaits for tiny files). */
const SMALL = 64 << 10;
const VERSION_PLAIN = 20; // 2.0: stored entries, folders
const VERSION_ZIP64 = 45; // 4.5: zip64 extensions
const FLAG_UTF8 = 1 << 11;
/** Unix host: Info-ZIP's unzip re-decodes names from a DOS host as CP437 despite the UTF-8 flag. */
const MADE_BY_UNIX = 3 << 8;
/** Regular file, rw-r--r--: with a Unix host, zero attributes would extract as mode 000. */
const FILE_ATTRIBUTES = 0o100644 * 0x10000;

export class ZipWriter {
  private readonly crc32: Crc32;
  private readonly time: number;
  private readonly date: number;
  private readonly central = new Blocks();
  private written = 0;
  private entries = 0;
  private finishing = false;
  /** Chains every operation so concurrent `addEntry` calls never interleave bytes. */
  private queue: Promise<unknown> = Promise.resolve();
  private failure: Error | undefined;

  constructor(
    private readonly out: ByteSink,
    options: ZipWriterOptions = {},
  ) {
    this.crc32 = options.crc32 ?? jsCrc32;
    const { time, date } = dosDateTime(options.now ?? new Date());
    this.time = time;
    this.date = date;
    const from = options.continueFrom;
    if (from) {
      this.written = from.bytes;
      this.entries = from.entries;
      for (const block of from.central) this.central.append(block);
    }
  }

  /**
   * Ends this writer's part without the central directory and without closing the sink: another writer goes on
   * from the part returned (`continueFrom`), and the last one's `finish()` writes the whole directory.
   */
  async pause(): Promise<ZipPart> {
    if (this.finishing) throw new Error("ZipWriter: pause() after finish()");
    this.finishing = true;
    return this.serialize(async () => ({ bytes: this.written, entries: this.entries, central: this.central.blocks() }));
  }

  /** Bytes the sink has accepted so far. */
  get bytesWritten(): number {
    return this.written;
  }

  /**
   * Adds one whole entry (name UTF-8, bytes already known); awaits the sink.
   * `crc` is the CRC-32 of `data` itself if the caller has it (a gzip
   * trailer's CRC covers the uncompressed content, so it does not qualify).
   * `handOver` says the caller is done with `data`'s whole buffer: the sink may keep it instead of copying.
   * `room` is how many bytes just before `data` in its buffer are free: with the entry's header length
   * (`localHeaderLength`) there, the header goes in them and header and data reach the sink as one piece.
   */
  async addEntry(name: string, data: Uint8Array, crc?: number, handOver = false, room = 0): Promise<void> {
    // Checked before queueing so a bad argument does not poison the archive.
    if (this.finishing) throw new Error(`ZipWriter: addEntry("${name}") after finish()`);
    const nameBytes = new TextEncoder().encode(name);
    if (nameBytes.length === 0 || nameBytes.length > U16) {
      throw new Error(`ZipWriter: entry name must be 1 to 65535 UTF-8 bytes, got ${nameBytes.length}`);
    }
    if (crc !== undefined && crc >>> 0 !== crc) throw new Error(`ZipWriter: crc ${crc} is not a uint32`);
    await this.serialize(() => this.writeEntry(nameBytes, data, crc, handOver, room));
  }

  /** Writes the central directory (zip64 records when needed) and closes the sink. */
  async finish(): Promise<{ entries: number; bytes: number }> {
    if (this.finishing) throw new Error("ZipWriter: finish() called twice");
    this.finishing = true;
    return this.serialize(async () => {
      const count = this.entries;
      const cdOffset = this.written;
      for (const block of this.central.blocks()) await this.emit(block);
      const cdSize = this.written - cdOffset;
      if (needsZip64End(count, cdSize, cdOffset)) {
        await this.emit(zip64End(count, cdSize, cdOffset, this.written));
      }
      await this.emit(classicEnd(count, cdSize, cdOffset));
      await this.out.close();
      return { entries: count, bytes: this.written };
    });
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.failure) throw this.failure;
      return task();
    });
    // A failed write leaves a truncated archive: everything after must fail too.
    this.queue = run.catch((cause: unknown) => {
      this.failure ??= new Error("ZipWriter: an earlier write failed", { cause });
    });
    return run;
  }

  private async writeEntry(
    name: Uint8Array,
    data: Uint8Array,
    knownCrc: number | undefined,
    handOver: boolean,
    room: number,
  ): Promise<void> {
    const entry: Entry = {
      name,
      size: data.length,
      offset: this.written,
      crc: knownCrc ?? this.checksum(data),
      time: this.time,
      date: this.date,
    };
    const header = localHeader(entry);
    if (room >= header.length && data.length <= PIECE) {
      const whole = new Uint8Array(data.buffer, data.byteOffset - header.length, header.length + data.length);
      whole.set(header);
      await this.emit(whole, handOver);
    } else if (data.length <= SMALL) {
      const both = new Uint8Array(header.length + data.length);
      both.set(header);
      both.set(data, header.length);
      await this.emit(both, true);
    } else {
      await this.emit(header, true);
      for (let at = 0; at < data.length; at += PIECE) {
        const piece = data.subarray(at, at + PIECE);
        await this.emit(piece, handOver && piece.byteOffset === 0 && piece.byteLength === piece.buffer.byteLength);
      }
    }
    this.central.append(centralHeader(entry));
    this.entries++;
  }

  private checksum(data: Uint8Array): number {
    let crc = 0;
    for (let at = 0; at < data.length; at += PIECE) crc = this.crc32(data.subarray(at, at + PIECE), crc);
    return crc;
  }

  private async emit(chunk: Uint8Array, yours = false): Promise<void> {
    const length = chunk.length; // a chunk handed over may be detached (transferred) once written
    await this.out.write(chunk, yours);
    this.written += length;
  }
}

/** Bytes of an entry's local header: what `addEntry`'s `room` must hold for the header to go in place. */
export function localHeaderLength(name: string, size: number): number {
  return localHeaderBytes(new TextEncoder().encode(name).length, size);
}

/** The same by the name's length in UTF-8 bytes (sizing a whole archive without encoding every name). */
export function localHeaderBytes(nameBytes: number, size: number): number {
  return 30 + nameBytes + localZip64Bytes(size);
}

/** Bytes an entry's central-directory record takes (its zip64 field holds what its 32-bit slots cannot). */
export function centralHeaderLength(nameBytes: number, size: number, offset: number): number {
  return 46 + nameBytes + centralZip64Bytes(size, offset);
}

/** Bytes of the end records after the central directory: the classic one, after zip64 ones when needed. */
export function endRecordsLength(count: number, cdSize: number, cdOffset: number): number {
  return (needsZip64End(count, cdSize, cdOffset) ? 56 + 20 : 0) + 22;
}

const needsZip64End = (count: number, cdSize: number, cdOffset: number) =>
  count >= U16 || cdSize >= U32 || cdOffset >= U32;

/** The central zip64 field holds only the values whose 32-bit slot says 0xFFFFFFFF. */
function centralZip64Bytes(size: number, offset: number): number {
  const data = (size >= U32 ? 16 : 0) + (offset >= U32 ? 8 : 0);
  return data ? 4 + data : 0;
}

/** The local header's zip64 extra field: sizes equal to 0xFFFFFFFF move there too ("see the extra field"). */
function localZip64Bytes(size: number): number {
  return size >= U32 ? 4 + 16 : 0;
}

interface Entry {
  name: Uint8Array;
  size: number;
  offset: number;
  crc: number;
  time: number;
  date: number;
}

/** "Version needed" must say 4.5 whenever either header of the entry carries zip64 data. */
function version(e: Entry): number {
  return e.size >= U32 || e.offset >= U32 ? VERSION_ZIP64 : VERSION_PLAIN;
}

function localHeader(e: Entry): Uint8Array {
  const extra = localZip64Bytes(e.size);
  const big = extra > 0;
  const f = new Fields(localHeaderBytes(e.name.length, e.size))
    .u32(0x04034b50)
    .u16(version(e))
    .u16(FLAG_UTF8)
    .u16(0) // method: stored
    .u16(e.time)
    .u16(e.date)
    .u32(e.crc)
    .u32(big ? U32 : e.size) // compressed
    .u32(big ? U32 : e.size) // uncompressed
    .u16(e.name.length)
    .u16(extra)
    .bytes(e.name);
  // The local zip64 field must hold both sizes, uncompressed first.
  if (big) f.u16(1).u16(16).u64(e.size).u64(e.size);
  return f.done();
}

function centralHeader(e: Entry): Uint8Array {
  const big = e.size >= U32;
  const far = e.offset >= U32;
  const extra = centralZip64Bytes(e.size, e.offset);
  const f = new Fields(centralHeaderLength(e.name.length, e.size, e.offset))
    .u32(0x02014b50)
    .u16(MADE_BY_UNIX | version(e))
    .u16(version(e))
    .u16(FLAG_UTF8)
    .u16(0)
    .u16(e.time)
    .u16(e.date)
    .u32(e.crc)
    .u32(big ? U32 : e.size)
    .u32(big ? U32 : e.size)
    .u16(e.name.length)
    .u16(extra)
    .u16(0) // comment length
    .u16(0) // disk number start
    .u16(0) // internal attributes
    .u32(FILE_ATTRIBUTES)
    .u32(far ? U32 : e.offset)
    .bytes(e.name);
  if (extra) {
    f.u16(1).u16(extra - 4);
    if (big) f.u64(e.size).u64(e.size);
    if (far) f.u64(e.offset);
  }
  return f.done();
}

/** Zip64 end-of-central-directory record followed by its locator. */
function zip64End(count: number, cdSize: number, cdOffset: number, recordOffset: number): Uint8Array {
  return new Fields(56 + 20)
    .u32(0x06064b50)
    .u64(56 - 12) // size of the rest of the record
    .u16(VERSION_ZIP64)
    .u16(VERSION_ZIP64)
    .u32(0) // this disk
    .u32(0) // disk with the central directory
    .u64(count) // entries on this disk
    .u64(count)
    .u64(cdSize)
    .u64(cdOffset)
    .u32(0x07064b50)
    .u32(0) // disk with the zip64 record
    .u64(recordOffset)
    .u32(1) // total disks
    .done();
}

/** Classic end record; fields too small for their value saturate to the 0xFFFF.. marker that sends readers to zip64. */
function classicEnd(count: number, cdSize: number, cdOffset: number): Uint8Array {
  return new Fields(22)
    .u32(0x06054b50)
    .u16(0)
    .u16(0)
    .u16(Math.min(count, U16))
    .u16(Math.min(count, U16))
    .u32(Math.min(cdSize, U32))
    .u32(Math.min(cdOffset, U32))
    .u16(0) // comment length
    .done();
}

/** MS-DOS local date and time (2-second resolution, years 1980..2107), as ZIP readers expect. */
function dosDateTime(d: Date): { time: number; date: number } {
  if (Number.isNaN(d.getTime())) throw new Error("ZipWriter: options.now is an invalid Date");
  const year = d.getFullYear();
  if (year < 1980) return { time: 0, date: (1 << 5) | 1 };
  if (year > 2107) return { time: (23 << 11) | (59 << 5) | 29, date: (127 << 9) | (12 << 5) | 31 };
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/** Little-endian fields written in order into a buffer of known size. */
class Fields {
  private readonly buf: Uint8Array;
  private readonly view: DataView;
  private at = 0;

  constructor(length: number) {
    this.buf = new Uint8Array(length);
    this.view = new DataView(this.buf.buffer);
  }

  u16(v: number): this {
    this.view.setUint16(this.at, v, true);
    this.at += 2;
    return this;
  }

  u32(v: number): this {
    this.view.setUint32(this.at, v, true);
    this.at += 4;
    return this;
  }

  /** Exact for any safe integer, without BigInt. */
  u64(v: number): this {
    return this.u32(v >>> 0).u32(Math.floor(v / 2 ** 32));
  }

  bytes(b: Uint8Array): this {
    this.buf.set(b, this.at);
    this.at += b.length;
    return this;
  }

  done(): Uint8Array {
    if (this.at !== this.buf.length) throw new Error(`ZipWriter bug: filled ${this.at}/${this.buf.length}`);
    return this.buf;
  }
}

/** Append-only bytes in ~1 MiB blocks: one record per entry would cost an object each, and one growing buffer would copy. */
class Blocks {
  private static readonly SIZE = 1 << 20;
  private readonly full: Uint8Array[] = [];
  private current = new Uint8Array(Blocks.SIZE);
  private used = 0;

  append(b: Uint8Array): void {
    if (this.used + b.length > this.current.length) {
      this.full.push(this.current.subarray(0, this.used));
      this.current = new Uint8Array(Math.max(Blocks.SIZE, b.length));
      this.used = 0;
    }
    this.current.set(b, this.used);
    this.used += b.length;
  }

  blocks(): Uint8Array[] {
    return [...this.full, this.current.subarray(0, this.used)].filter((b) => b.length > 0);
  }
}

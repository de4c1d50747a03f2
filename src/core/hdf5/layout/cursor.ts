import { readExactly, type ByteSource } from "../byte-source";
import type { SuperblockInfo } from "./types";

/** A file plus the sizes from its superblock: what every structure below needs to decode addresses. */
export interface FileContext {
  readonly src: ByteSource;
  readonly sb: SuperblockInfo;
}

/** Thrown for malformed or corrupt metadata (as opposed to features the reader leaves unsupported). */
export class LayoutFormatError extends Error {
  override name = "LayoutFormatError";
}

export function fail(message: string): never {
  throw new LayoutFormatError(message);
}

/** Reads `length` bytes at HDF5 address `address` (relative to the base address), checking the file end first. */
export function readAt(ctx: FileContext, address: number, length: number): Uint8Array {
  const position = ctx.sb.baseAddress + address;
  if (length < 0 || position + length > ctx.src.size) {
    fail(`${ctx.src.name}: ${length} bytes at address ${address} run past the end of the file (${ctx.src.size} bytes)`);
  }
  return readExactly(ctx.src, position, length);
}

/**
 * Little-endian reader over one metadata block. Values wider than 53 bits
 * cannot be JavaScript numbers, so they throw instead of silently rounding;
 * the all-ones "undefined address" is reported as null by `addr`.
 */
export class Cursor {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    pos = 0,
  ) {
    this.pos = pos;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  private need(n: number): void {
    if (n > this.remaining) fail(`metadata block too short: need ${n} bytes at ${this.pos}, have ${this.remaining}`);
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  take(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }

  u16(): number {
    return this.uint(2);
  }

  u32(): number {
    return this.uint(4);
  }

  /** Unsigned integer of `n` bytes (1..8). */
  uint(n: number): number {
    this.need(n);
    let value = 0;
    for (let i = n - 1; i >= 0; i--) value = value * 256 + this.bytes[this.pos + i]!;
    if (!Number.isSafeInteger(value)) fail(`value at ${this.pos} exceeds 2^53`);
    this.pos += n;
    return value;
  }

  /** File address of `n` bytes; null for the undefined address (all bits set). */
  addr(n: number): number | null {
    this.need(n);
    let allOnes = true;
    for (let i = 0; i < n; i++) if (this.bytes[this.pos + i] !== 0xff) allOnes = false;
    if (allOnes) {
      this.pos += n;
      return null;
    }
    return this.uint(n);
  }

  /** Checks a 4-character ASCII signature. */
  signature(expected: string): void {
    const got = String.fromCharCode(...this.take(expected.length));
    if (got !== expected) fail(`expected signature "${expected}", found "${got}"`);
  }
}

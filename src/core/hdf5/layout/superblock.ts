import { readExactly, type ByteSource } from "../byte-source";
import { verifyChecksum } from "./checksum";
import { Cursor, fail } from "./cursor";
import type { SuperblockInfo } from "./types";

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

function hasSignature(src: ByteSource, position: number): boolean {
  const head = readExactly(src, position, 8);
  return SIGNATURE.every((byte, i) => head[i] === byte);
}

/** Searches the positions HDF5 allows (0, 512, 1024, 2048, …) for the format signature. */
function findSignature(src: ByteSource): number {
  for (let position = 0; position + 8 <= src.size; position = position === 0 ? 512 : position * 2) {
    if (hasSignature(src, position)) return position;
  }
  fail(`${src.name}: no HDF5 signature found`);
}

function checkSize(src: ByteSource, what: string, size: number): void {
  // 16-byte addresses exist in the format but cannot be JavaScript numbers.
  if (size !== 2 && size !== 4 && size !== 8) fail(`${src.name}: unsupported size of ${what}: ${size}`);
}

/** Reads the superblock (versions 0–3); only the fields needed to decode addresses and lengths. */
export function readSuperblock(src: ByteSource): SuperblockInfo {
  const position = findSignature(src);
  const bytes = readExactly(src, position, Math.min(src.size - position, 128));
  const c = new Cursor(bytes, 8);
  const version = c.u8();
  let sizeOfOffsets: number;
  let sizeOfLengths: number;
  if (version === 0 || version === 1) {
    c.skip(4); // free-space, root-group and reserved version bytes, shared-header version
    sizeOfOffsets = c.u8();
    sizeOfLengths = c.u8();
  } else if (version === 2 || version === 3) {
    sizeOfOffsets = c.u8();
    sizeOfLengths = c.u8();
    checkSize(src, "offsets", sizeOfOffsets);
    // Fields: flags, then base, extension, end-of-file and root object header addresses.
    verifyChecksum(bytes, 12 + 4 * sizeOfOffsets, `${src.name}: superblock`);
  } else {
    fail(`${src.name}: unsupported superblock version ${version}`);
  }
  checkSize(src, "offsets", sizeOfOffsets);
  checkSize(src, "lengths", sizeOfLengths);
  // libhdf5 treats the signature's position as the base address whatever the
  // stored field says (it rebases files whose user block was added or removed).
  return { version, sizeOfOffsets, sizeOfLengths, baseAddress: position };
}

import { centralHeaderLength, endRecordsLength, localHeaderBytes } from "./zip-writer";

/** An entry as the archive will hold it: its name's length in UTF-8 bytes and its stored size. */
export interface ZipEntrySize {
  nameBytes: number;
  size: number;
}

/**
 * The exact size of the archive ZipWriter makes of these entries, added in this order (the order only matters
 * past 4 GiB, where entries that start beyond it carry their offset in a zip64 field).
 */
export function zipSize(entries: Iterable<ZipEntrySize>): number {
  let offset = 0;
  let central = 0;
  let count = 0;
  for (const { nameBytes, size } of entries) {
    central += centralHeaderLength(nameBytes, size, offset);
    offset += localHeaderBytes(nameBytes, size) + size;
    count++;
  }
  return offset + central + endRecordsLength(count, central, offset);
}

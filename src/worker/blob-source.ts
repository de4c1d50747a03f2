import type { ByteSource } from "../core/hdf5/byte-source";
import { blobStreamReader, readSlice } from "./blob-stream-reader";

/**
 * A dropped File read lazily with FileReaderSync (workers only): HDF5 reads
 * synchronously, and a Blob slice is read without loading the file. Bulk
 * sample reads go through a byte stream instead (see blob-stream-reader.ts).
 */
export function blobSource(file: File | Blob, name: string): ByteSource {
  const reader = new FileReaderSync();
  return {
    name,
    size: file.size,
    read(position, length, target) {
      if (position >= file.size) return 0;
      const end = Math.min(file.size, position + length);
      const bytes = new Uint8Array(reader.readAsArrayBuffer(file.slice(position, end)));
      target.set(bytes);
      return bytes.length;
    },
    readAsync: blobStreamReader(file) ?? ((position, length) => readSlice(file, position, length)),
  };
}

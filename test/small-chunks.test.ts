// Small shuffled+deflated chunks through the CLI's inflater: its output must never be a Buffer of node's shared
// slab, which the direct reader would reuse as a spare and so overwrite bytes that other chunks still hold.
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { directRowReader } from "../src/core/direct/direct-reader";
import type { ByteSource } from "../src/core/hdf5/byte-source";
import type { DatasetLayoutInfo } from "../src/core/hdf5/layout";
import { zlibInflate } from "../src/node/zlib-gzip";

const ROWS = 200_000;
const CHUNK_ROWS = 1000; // 2,000 bytes a chunk: below node's 4 KiB slab limit

function shuffled(bytes: Uint8Array): Uint8Array {
  const n = bytes.length / 2;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < n; i++) {
    out[i] = bytes[2 * i]!;
    out[n + i] = bytes[2 * i + 1]!;
  }
  return out;
}

describe("the direct reader with node's zlib on small chunks", () => {
  it("reads every sample of 200 shuffled, deflated 2 kB chunks exactly", async () => {
    const data = Int16Array.from({ length: ROWS }, (_, i) => ((i * 37) % 30011) - 15000);
    const raw = new Uint8Array(data.buffer);
    const parts: Uint8Array[] = [];
    const chunks = [];
    let at = 0;
    for (let r = 0; r < ROWS; r += CHUNK_ROWS) {
      const z = deflateSync(shuffled(raw.subarray(r * 2, (r + CHUNK_ROWS) * 2)));
      parts.push(z);
      chunks.push({ offset: [r], address: at, size: z.length, filterMask: 0 });
      at += z.length;
    }
    const file = new Uint8Array(at);
    parts.reduce((p, z) => (file.set(z, p), p + z.length), 0);
    const source: ByteSource = {
      name: "small.nwb",
      size: file.length,
      read: () => 0,
      async readAsync(position, length) {
        await new Promise((resolve) => setImmediate(resolve)); // several chunks in flight, as from a disk
        return file.slice(position, position + length);
      },
    };
    const filters = [
      { id: 2, name: "shuffle", flags: 0, clientData: [] },
      { id: 1, name: "deflate", flags: 0, clientData: [6] },
    ];
    const info = {
      shape: [ROWS],
      dtype: { class: 0, size: 2, littleEndian: true, signed: true },
      filters,
      layout: { kind: "chunked", chunkShape: [CHUNK_ROWS], elementSize: 2, filters, index: "btree-v1", chunks },
    } as unknown as DatasetLayoutInfo;
    const reader = directRowReader(source, info, { inflate: zlibInflate })!;
    expect(reader).not.toBeNull();
    let mismatched = 0;
    for (let s = 0; s < ROWS; s += 7777) {
      const e = Math.min(ROWS, s + 7777);
      const got = await reader.readChannelMajor!(s, e);
      for (let i = 0; i < e - s; i++) if (got[i] !== data[s + i]) mismatched++;
    }
    expect(mismatched).toBe(0);
  });
});

import { createInflate } from "node:zlib";
import type { Inflate } from "../core/direct/direct-reader";

/**
 * The CLI's inflater for a table's ragged chunks (direct-ranges.ts): each chunk decoded on the libuv pool in one
 * pass, into one output piece. zlib's default 16 KiB pieces cost a trip to the thread each (640 for a 10 MB chunk
 * of spike times; measured 0.9 s of thread time for 400 MB).
 * - `wanted`: the piece is that prefix and decoding stops there. Inflating costs per byte made, so a chunk whose last
 *   wanted row ends at 60 % costs 60 % (the bench's 481 units: 33 of the 400 MB of spike times never decoded).
 * - `into` (a spare buffer of the column's): zlib writes there instead of into a new buffer.
 * - `size`: more output than this is an error (an HDF5 chunk decodes to its chunk's bytes).
 */
export const tableInflate: Inflate = (data, into, size, wanted) => {
  const prefix = wanted !== undefined && size !== undefined && wanted < size ? wanted : undefined;
  // The whole chunk gets one byte more than it holds: when the output fills zlib's buffer exactly, node allocates
  // another and goes back to the pool once more to find the stream's end (20 MB and two trips per 10 MB chunk).
  const room = prefix ?? (size === undefined ? 1 << 20 : size + 1);
  const ours = WRITES_INTO && into !== undefined && into.length >= room;
  return new Promise((resolve, reject) => {
    const stream = createInflate({ chunkSize: Math.max(64, ours ? 64 : room) });
    if (ours) writeInto(stream, into, room);
    const pieces: Buffer[] = [];
    let have = 0;
    const done = () => {
      stream.destroy();
      const out = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, have);
      // A view of zlib's piece: `new Uint8Array(buffer)` would copy the 10 MB chunk again.
      resolve(new Uint8Array(out.buffer, out.byteOffset, Math.min(out.byteLength, prefix ?? out.byteLength)));
    };
    stream.on("data", (piece: Buffer) => {
      pieces.push(piece);
      have += piece.length;
      if (prefix !== undefined && have >= prefix) done();
      else if (size !== undefined && have > size) {
        stream.destroy();
        reject(new Error(`the data decodes to more than ${size} bytes`));
      }
    });
    stream.on("end", done);
    stream.on("error", reject);
    stream.end(data);
  });
};

type StreamInside = { _outBuffer?: unknown; _chunkSize?: unknown; _outOffset?: unknown };

/**
 * Whether node's zlib stream writes into `_outBuffer`, `_chunkSize` bytes at a time (lib/zlib.js, node 20): then a
 * fresh stream's output can be pointed at a buffer of ours. Checked once on a stream of its own; where it is not
 * so, each stream makes its own output buffer of the room needed (never the 64 bytes a pointed one starts with).
 */
const WRITES_INTO = (() => {
  const probe = createInflate({ chunkSize: 64 });
  const inner = probe as StreamInside;
  const ok = Buffer.isBuffer(inner._outBuffer) && inner._chunkSize === 64 && inner._outOffset === 0;
  probe.destroy();
  return ok;
})();

/** Points a fresh zlib stream's output at `into` (its first `room` bytes). */
function writeInto(stream: object, into: Uint8Array, room: number): void {
  const inner = stream as StreamInside;
  inner._outBuffer = Buffer.from(into.buffer, into.byteOffset, room);
  inner._chunkSize = room;
}

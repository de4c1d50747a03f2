import type { ByteSource } from "../byte-source";
import { INDEX_KINDS, readChunks } from "./chunk-index";
import type { ChunkGeometry } from "./chunk-geometry";
import { fail, type FileContext } from "./cursor";
import { parseLayoutMessage } from "./layout-message";
import {
  MSG_DATASPACE,
  MSG_DATATYPE,
  MSG_EXTERNAL_FILES,
  MSG_FILTERS,
  MSG_LAYOUT,
  messageBody,
  parseDatatype,
  parseDataspace,
  parseFilterPipeline,
} from "./messages";
import { readObjectHeader, type HeaderMessage } from "./object-header";
import { readSuperblock } from "./superblock";
import type { DatasetLayoutInfo, StorageLayout, SuperblockInfo } from "./types";

/**
 * Describes where a dataset's raw bytes are stored, starting from the
 * address of its object header (as in an HDF5 object reference; relative
 * to the base address). Returned file positions are absolute.
 *
 * Throws LayoutFormatError for malformed or corrupt metadata (bad
 * signature, checksum, or an index that contradicts the dataspace).
 * Features the reader does not decode come back as layout kind "unknown"
 * or "virtual", or as `chunks: null` — never as a guess.
 */
export function readDatasetLayout(
  src: ByteSource,
  objectHeaderAddress: number,
  sb?: SuperblockInfo,
): DatasetLayoutInfo {
  const ctx: FileContext = { src, sb: sb ?? readSuperblock(src) };
  const messages = readObjectHeader(ctx, objectHeaderAddress);
  const find = (type: number): HeaderMessage | undefined => messages.find((m) => m.type === type);
  const body = (type: number, name: string): Uint8Array => {
    const message = find(type) ?? fail(`${src.name}: object at ${objectHeaderAddress} has no ${name} message`);
    return messageBody(ctx, message);
  };

  const { shape, maxShape } = parseDataspace(ctx, body(MSG_DATASPACE, "dataspace"));
  const dtype = parseDatatype(body(MSG_DATATYPE, "datatype"));
  const filterMessage = find(MSG_FILTERS);
  const filters = filterMessage ? parseFilterPipeline(ctx, messageBody(ctx, filterMessage)) : [];
  const message = parseLayoutMessage(ctx, body(MSG_LAYOUT, "data layout"));

  let layout: StorageLayout;
  switch (message.kind) {
    case "contiguous":
      // With an External File List the bytes live in other files, which this reader does not follow.
      if (find(MSG_EXTERNAL_FILES)) layout = { kind: "unknown" };
      else layout = { kind: "contiguous", address: toAbsolute(ctx, message.address), size: message.size };
      break;
    case "compact":
      layout = { kind: "compact", size: message.size };
      break;
    case "chunked": {
      const chunkShape = message.dims.slice(0, -1);
      const elementSize = message.dims[message.dims.length - 1]!;
      if (chunkShape.length !== shape.length) {
        fail(`${src.name}: chunk rank ${chunkShape.length} differs from dataset rank ${shape.length}`);
      }
      if (message.dims.some((d) => d === 0)) fail(`${src.name}: zero chunk dimension`);
      const chunkBytes = chunkShape.reduce((a, b) => a * b, elementSize);
      const geometry: ChunkGeometry = { shape, maxShape, chunkShape, elementSize, chunkBytes };
      const chunks = readChunks(ctx, message, geometry);
      // Layout flag bit 0: libhdf5 neither filters nor unfilters partial edge
      // chunks, whatever their stored mask says; make the mask say so.
      if (chunks && message.flags & 1 && filters.length > 0) {
        const all = 2 ** filters.length - 1;
        for (const chunk of chunks) {
          if (chunk.offset.some((o, i) => o + chunkShape[i]! > shape[i]!))
            chunk.filterMask = (chunk.filterMask | all) >>> 0;
        }
      }
      const storedBytes = chunks ? chunks.reduce((sum, chunk) => sum + chunk.size, 0) : null;
      const index = INDEX_KINDS[message.indexType] ?? fail(`${src.name}: chunk index type ${message.indexType}`);
      layout = { kind: "chunked", chunkShape, elementSize, filters, index, chunks, storedBytes };
      break;
    }
    default:
      layout = { kind: message.kind };
  }
  return { layout, shape, dtype, filters };
}

function toAbsolute(ctx: FileContext, address: number | null): number | null {
  return address === null ? null : ctx.sb.baseAddress + address;
}

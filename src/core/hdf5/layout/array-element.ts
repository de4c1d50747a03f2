import { Cursor, fail } from "./cursor";

/** Client ids shared by fixed and extensible arrays: 0 = plain chunk addresses, 1 = filtered chunk entries. */
export const CLIENT_CHUNKS = 0;
export const CLIENT_FILTERED_CHUNKS = 1;

export interface ArrayElement {
  address: number | null;
  size: number;
  filterMask: number;
}

/**
 * Decodes one array element: the chunk address, and for filtered chunks
 * its stored size (as many bytes as remain before the 4-byte filter mask)
 * and filter mask. Unfiltered chunks always occupy `chunkBytes`.
 */
export function decodeElements(
  bytes: Uint8Array,
  count: number,
  elementSize: number,
  clientId: number,
  sizeOfOffsets: number,
  chunkBytes: number,
): ArrayElement[] {
  const filtered = clientId === CLIENT_FILTERED_CHUNKS;
  if (clientId !== CLIENT_CHUNKS && !filtered) fail(`unknown chunk array client id ${clientId}`);
  const sizeWidth = elementSize - sizeOfOffsets - 4;
  if (filtered ? sizeWidth < 1 || sizeWidth > 8 : elementSize !== sizeOfOffsets) {
    fail(`chunk array element size ${elementSize} does not fit client id ${clientId}`);
  }
  const c = new Cursor(bytes);
  const out: ArrayElement[] = [];
  for (let i = 0; i < count; i++) {
    const address = c.addr(sizeOfOffsets);
    if (filtered) {
      const size = c.uint(sizeWidth);
      out.push({ address, size, filterMask: c.u32() });
    } else {
      out.push({ address, size: chunkBytes, filterMask: 0 });
    }
  }
  return out;
}

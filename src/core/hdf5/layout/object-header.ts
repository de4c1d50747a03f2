import { verifyChecksum } from "./checksum";
import { Cursor, fail, readAt, type FileContext } from "./cursor";

export interface HeaderMessage {
  type: number;
  /** Bit 1 = the message is shared (its body points elsewhere). */
  flags: number;
  data: Uint8Array;
}

export const MSG_CONTINUATION = 0x10;

/** A corrupt header could chain continuations forever; real headers use a handful. */
const MAX_CHUNKS = 10_000;

interface Pending {
  address: number;
  length: number;
}

/** Reads every message of an object header (version 1 or 2), following continuation messages. */
export function readObjectHeader(ctx: FileContext, address: number): HeaderMessage[] {
  const first = readAt(ctx, address, 4);
  const isV2 = String.fromCharCode(...first) === "OHDR";
  if (!isV2 && first[0] !== 1) fail(`${ctx.src.name}: no object header at address ${address}`);
  const messages: HeaderMessage[] = [];
  const pending: Pending[] = [];
  const v2 = isV2 ? readV2Prefix(ctx, address, messages, pending) : null;
  if (!v2) readV1Prefix(ctx, address, messages, pending);

  const seen = new Set<number>([address]);
  for (let n = 0; pending.length > 0; n++) {
    const next = pending.shift()!;
    if (seen.has(next.address) || n > MAX_CHUNKS) fail(`${ctx.src.name}: object header continuation loop`);
    seen.add(next.address);
    const bytes = readAt(ctx, next.address, next.length);
    if (v2) {
      const c = new Cursor(bytes);
      c.signature("OCHK");
      verifyChecksum(bytes, bytes.length - 4, `${ctx.src.name}: object header continuation at ${next.address}`);
      parseV2Messages(ctx, bytes.subarray(0, bytes.length - 4), 4, v2.orderTracked, messages, pending);
    } else {
      parseV1Messages(ctx, bytes, 0, messages, pending);
    }
  }
  return messages;
}

function readV1Prefix(ctx: FileContext, address: number, messages: HeaderMessage[], pending: Pending[]): void {
  const prefix = new Cursor(readAt(ctx, address, 16));
  prefix.skip(8); // version, reserved, message count, reference count
  const size = prefix.u32();
  // The 12-byte prefix is padded to 16 so that messages stay 8-byte aligned.
  parseV1Messages(ctx, readAt(ctx, address + 16, size), 0, messages, pending);
}

function parseV1Messages(
  ctx: FileContext,
  bytes: Uint8Array,
  start: number,
  messages: HeaderMessage[],
  pending: Pending[],
): void {
  const c = new Cursor(bytes, start);
  while (c.remaining >= 8) {
    const type = c.u16();
    const size = c.u16();
    const flags = c.u8();
    c.skip(3);
    const data = c.take(size);
    collect(ctx, type, flags, data, messages, pending);
  }
}

function readV2Prefix(
  ctx: FileContext,
  address: number,
  messages: HeaderMessage[],
  pending: Pending[],
): { orderTracked: boolean } {
  const head = new Cursor(readAt(ctx, address, 6));
  head.skip(4);
  const version = head.u8();
  if (version !== 2) fail(`${ctx.src.name}: unsupported object header version ${version} at ${address}`);
  const flags = head.u8();
  const prefixLength = 6 + (flags & 0x20 ? 16 : 0) + (flags & 0x10 ? 4 : 0);
  const sizeWidth = 1 << (flags & 3);
  const sizeBytes = new Cursor(readAt(ctx, address + prefixLength, sizeWidth));
  const chunkSize = sizeBytes.uint(sizeWidth);
  const start = prefixLength + sizeWidth;
  const bytes = readAt(ctx, address, start + chunkSize + 4);
  verifyChecksum(bytes, start + chunkSize, `${ctx.src.name}: object header at ${address}`);
  const orderTracked = (flags & 0x04) !== 0;
  parseV2Messages(ctx, bytes.subarray(0, start + chunkSize), start, orderTracked, messages, pending);
  return { orderTracked };
}

function parseV2Messages(
  ctx: FileContext,
  bytes: Uint8Array,
  start: number,
  orderTracked: boolean,
  messages: HeaderMessage[],
  pending: Pending[],
): void {
  const headerSize = orderTracked ? 6 : 4;
  const c = new Cursor(bytes, start);
  // Fewer bytes than a message header left = a gap at the chunk's end.
  while (c.remaining >= headerSize) {
    const type = c.u8();
    const size = c.u16();
    const flags = c.u8();
    if (orderTracked) c.skip(2);
    collect(ctx, type, flags, c.take(size), messages, pending);
  }
}

function collect(
  ctx: FileContext,
  type: number,
  flags: number,
  data: Uint8Array,
  messages: HeaderMessage[],
  pending: Pending[],
): void {
  if (type === MSG_CONTINUATION) {
    const c = new Cursor(data);
    const address = c.addr(ctx.sb.sizeOfOffsets);
    const length = c.uint(ctx.sb.sizeOfLengths);
    if (address === null) fail(`${ctx.src.name}: continuation message with undefined address`);
    pending.push({ address, length });
  } else if (type !== 0) {
    messages.push({ type, flags, data });
  }
}

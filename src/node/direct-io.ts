import { constants } from "node:fs";

/**
 * What writing around the page cache (O_DIRECT) needs. Measured on the CLI's conversions: most of its CPU went to
 * the kernel copying the output into new page-cache pages (bench/README.md, "Where the CLI's time goes"); with
 * O_DIRECT the disk takes the bytes from our own memory. It wants that memory, each file offset and each length
 * aligned to the device's block: files go out in whole blocks from page-aligned memory, the last block padded with
 * zeros and the file then cut to its real length.
 */

/** Offsets and lengths are multiples of this (a page; any disk's logical block divides it). */
export const BLOCK = 4096;
/** WebAssembly's page: the unit a Memory is sized in. */
const WASM_PAGE = 65536;

/**
 * Whether to try O_DIRECT: only when asked (NWB2PENNSIEVE_DIRECT_IO=1) and where the system has it. It saves CPU
 * but waits on the disk: on a busy machine the CLI was faster with it, on a quiet one slower (bench/README.md).
 */
export function directIoWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return constants.O_DIRECT !== undefined && env.NWB2PENNSIEVE_DIRECT_IO === "1";
}

/** Opening a new output file around the page cache. */
export const DIRECT_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_DIRECT ?? 0);

/**
 * The answer of a filesystem or device that does not take O_DIRECT (FUSE, tmpfs before Linux 6.6, …) or not
 * with this alignment: at open or at the first write.
 */
export const refused = (e: unknown): boolean => (e as NodeJS.ErrnoException).code === "EINVAL";

/**
 * Page-aligned memory of at least `bytes`: a WebAssembly.Memory's buffer starts on a page (V8 maps it on its
 * own), where a Buffer of node's does not (malloc puts its header first).
 */
export function alignedMemory(bytes: number): ArrayBuffer {
  const pages = Math.max(1, Math.ceil(bytes / WASM_PAGE));
  return new WebAssembly.Memory({ initial: pages, maximum: pages }).buffer;
}

/** `n` rounded up to whole blocks. */
export const wholeBlocks = (n: number): number => Math.ceil(n / BLOCK) * BLOCK;

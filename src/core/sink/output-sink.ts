/**
 * Where converted files go: a folder, a zip, an upload. `put` is awaited
 * before more work is queued, so a slow sink slows the conversion down
 * instead of piling bytes up in memory.
 */
export interface OutputSink {
  /**
   * `crc` is the CRC-32 of `bytes` when the pipeline already has it (zip entries need it). `room` is how many
   * bytes just before `bytes` in its buffer the sink may write into (see `headroom`).
   */
  put(name: string, bytes: Uint8Array, crc?: number, room?: number): Promise<void>;
  /**
   * Bytes the sink would like free just before a file of `size` bytes, to put its own framing there (a zip
   * entry's header) and pass both on as one piece; encoders that make the file's buffer may leave them.
   */
  headroom?(name: string, size: number): number;
  /**
   * A buffer of at least `bytes` the sink is done with (a streamed download took it), for a later file's bytes,
   * room included: a file made into it is handed over with its whole buffer again (`put` with `room`).
   */
  spare?(bytes: number): ArrayBuffer | undefined;
  /**
   * True when the sink is done with a file's bytes once `put` resolves (it
   * wrote or copied them), so the pipeline may reuse the buffer. Without it the
   * pipeline never touches a file's bytes after `put`: the sink may keep them.
   */
  readonly releasesBytes?: boolean;
  /** Whether the sink takes this file at all; the pipeline skips encoding what it would drop (retries). */
  wants?(name: string): boolean;
  /** Everything was written: make the output whole (rename the partial file, write the zip directory). */
  finish(): Promise<void>;
  /** The conversion failed or was cancelled: remove what would look complete. */
  abort(): Promise<void>;
}

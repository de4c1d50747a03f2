/**
 * Buffers a column's chunk reads and inflates give back once nothing reads them, for the next chunk: the bench's
 * export decodes 40 chunks of 10 MB, and a new buffer for each cost the CLI ~130,000 page faults (0.3 s of system
 * time in this VM, where fresh memory is slow) and a garbage collection every few chunks (V8 collects when
 * ArrayBuffer memory grows). A few are kept; more are let go.
 */
export class SpareBuffers {
  private readonly spare: ArrayBuffer[] = [];

  constructor(private readonly keep: number) {}

  /** A spare buffer of at least `bytes`, now the caller's; undefined when there is none. */
  take(bytes: number): ArrayBuffer | undefined {
    const i = this.spare.findIndex((b) => b.byteLength >= bytes);
    return i < 0 ? undefined : this.spare.splice(i, 1)[0];
  }

  /** A buffer nothing reads any more (one handed to another thread, detached, is not kept). */
  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength === 0 || this.spare.length >= this.keep || this.spare.includes(buffer)) return;
    this.spare.push(buffer);
  }

  clear(): void {
    this.spare.length = 0;
  }
}

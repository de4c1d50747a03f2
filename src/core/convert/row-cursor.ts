import type { RowReader, Samples } from "../hdf5/rows";

/**
 * Serves consecutive row ranges from reads aligned to the stored chunks:
 * each read ends on a chunk boundary and the rows past the request are
 * kept for the next call, so no stored chunk is decoded twice and memory
 * holds at most one request plus one stored chunk. With `columns`, only
 * those columns are read (a stripe of a wide recording).
 */
export class RowCursor {
  private carry: Samples | null = null;
  private carryStart = 0;

  private readonly width: number;
  private readonly columns: [number, number] | undefined;

  constructor(
    private readonly reader: RowReader,
    columns?: [number, number],
  ) {
    const whole = !columns || (columns[0] === 0 && columns[1] === reader.width);
    this.columns = whole ? undefined : columns;
    this.width = whole ? reader.width : columns[1] - columns[0];
  }

  /** Rows [start, end) of the cursor's columns. Calls must move forward, each after the previous one resolved. */
  async take(start: number, end: number): Promise<Samples> {
    const { width } = this;
    const { rowsPerChunk, rows } = this.reader;
    const carried = this.carry && this.carryStart === start ? this.carry : null;
    const carriedRows = carried ? carried.length / width : 0;
    if (carried && carriedRows >= end - start) {
      const out = carried.subarray(0, (end - start) * width) as Samples;
      this.keep(carried.subarray((end - start) * width) as Samples, end);
      return out;
    }
    const from = start + carriedRows;
    const step = Math.max(1, rowsPerChunk);
    const readEnd = Math.min(rows, Math.ceil(end / step) * step);
    // An asynchronous read is of whole rows: a stripe of columns is read synchronously (h5wasm's hyperslab).
    const fresh =
      this.reader.readAsync && !this.columns
        ? await this.reader.readAsync(from, readEnd)
        : this.reader.read(from, readEnd, this.columns);
    const need = (end - from) * width;
    let out: Samples;
    if (carried) {
      out = new (fresh.constructor as new (n: number) => Samples)((end - start) * width);
      (out as Float64Array).set(carried as Float64Array);
      (out as Float64Array).set(fresh.subarray(0, need) as Float64Array, carried.length);
    } else out = fresh.subarray(0, need) as Samples;
    this.keep(fresh.subarray(need) as Samples, end);
    return out;
  }

  private keep(rest: Samples, start: number): void {
    this.carry = rest.length ? rest : null;
    this.carryStart = start;
  }
}

import type { RowReader } from "../hdf5/rows";

const MiB = 2 ** 20;

/**
 * What one stripe's blocks may hold: the block being encoded, the next one read meanwhile, and the stored
 * chunks kept for the block after (bench/README.md, "Channel stripes", for how it was chosen).
 */
export const STRIPE_BUDGET = 64 * MiB;

/**
 * What a stripe may hold rather than decode a stored chunk more than once: chunks as wide as the recording
 * (a full-width layout) cannot be cut into stripes without decoding each once per stripe.
 */
export const ONE_DECODE_BUDGET = 128 * MiB;

export type Columns = [number, number];

/** The reader's facts that size a stripe. */
export type StripeGeometry = Pick<RowReader, "width" | "rowsPerChunk" | "columnsPerChunk" | "sampleBytes">;

/**
 * Channel stripes [c0, c1) to convert one after another, each through all the rows, so that memory follows a
 * budget instead of the channel count and the chunk shape. A channel of a stripe costs, per block of
 * `blockRows` rows, the block and the next one read meanwhile, plus the rows of a stored chunk straddling a
 * block's end (kept so it decodes once). Stripes follow the stored chunk columns (each chunk decoded once); a
 * chunk column wider than the budget allows is read whole up to `oneDecode`, and beyond that cut (its chunks
 * decoded once per stripe: the price of a bounded memory). Whatever fits the budget whole is one stripe: the
 * one-pass path, as before stripes.
 */
export function channelStripes(
  reader: StripeGeometry,
  blockRows: number,
  budget = STRIPE_BUDGET,
  oneDecode = ONE_DECODE_BUDGET,
): Columns[] {
  const { width } = reader;
  const chunkRows = Math.max(1, reader.rowsPerChunk);
  const chunkCols = Math.min(width, Math.max(1, reader.columnsPerChunk ?? 1));
  const perChannel = (reader.sampleBytes ?? 8) * (2 * blockRows + (chunkRows > 1 ? chunkRows : 0));
  const fit = Math.max(1, Math.floor(budget / perChannel));
  if (fit >= width) return [[0, width]];
  let step: number;
  if (fit >= chunkCols) step = Math.floor(fit / chunkCols) * chunkCols;
  else if (chunkCols * perChannel <= oneDecode) step = chunkCols;
  else {
    // Cut each chunk column into equal parts, as few as the budget allows.
    const parts = Math.ceil(chunkCols / fit);
    step = Math.ceil(chunkCols / parts);
    const stripes: Columns[] = [];
    for (let c = 0; c < width; c += chunkCols)
      for (let s = c; s < Math.min(width, c + chunkCols); s += step)
        stripes.push([s, Math.min(width, c + chunkCols, s + step)]);
    return stripes;
  }
  if (step >= width) return [[0, width]];
  const stripes: Columns[] = [];
  for (let c = 0; c < width; c += step) stripes.push([c, Math.min(width, c + step)]);
  return stripes;
}

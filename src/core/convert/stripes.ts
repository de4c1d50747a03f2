import type { RowReader } from "../hdf5/rows";

const MiB = 2 ** 20;

/**
 * What one stripe's blocks may hold: the block being encoded, the next one read meanwhile, and the stored
 * chunks kept for the block after (bench/README.md, "Channel stripes", for how it was chosen).
 */
export const STRIPE_BUDGET = 64 * MiB;

/**
 * What a stripe may hold rather than decode a stored chunk more than once: chunks wider than the budget allows
 * (a full-width layout) are read in one block without the next read ahead, up to this; wider still, they are
 * cut (each then decoded once per stripe).
 */
export const ONE_DECODE_BUDGET = 128 * MiB;

export type Columns = [number, number];

export interface StripePlan {
  stripes: Columns[];
  /**
   * The next block is read while one is encoded (two blocks held). Without, one block is held: the reader
   * decodes the next block's first chunks ahead but fills the block only once the previous one is used up.
   */
  readAhead: boolean;
}

/** The reader's facts that size a stripe. */
export type StripeGeometry = Pick<RowReader, "width" | "chunkShape" | "sampleBytes">;

/**
 * Channel stripes [c0, c1) to convert one after another, each through all the rows, so that memory follows a
 * budget instead of the channel count and the chunk shape. A channel of a stripe costs, per block of
 * `blockRows` rows, the block and the next one read meanwhile, plus the rows of a stored chunk straddling a
 * block's end (kept so it decodes once). Stripes follow the stored chunk columns (each chunk decoded once).
 * A chunk column wider than the budget allows is read whole in one block at a time up to `oneDecode`, and
 * beyond that cut into as few parts as fit it (its chunks decoded once per part: the price of a bounded
 * memory). Whatever fits the budget whole is one stripe: the one-pass path, as before stripes.
 */
export function channelStripes(
  reader: StripeGeometry,
  blockRows: number,
  budget = STRIPE_BUDGET,
  oneDecode = ONE_DECODE_BUDGET,
): StripePlan {
  const { width } = reader;
  const [chunkRows, storedCols] = reader.chunkShape ?? [0, 1];
  const chunkCols = Math.max(1, Math.min(width, storedCols));
  const bytes = reader.sampleBytes ?? 8;
  const carried = chunkRows > 1 ? chunkRows : 0;
  const fit = Math.max(1, Math.floor(budget / (bytes * (2 * blockRows + carried))));
  if (fit >= width) return { stripes: [[0, width]], readAhead: true };
  if (fit >= chunkCols) return { stripes: cut(width, Math.floor(fit / chunkCols) * chunkCols), readAhead: true };
  const fitOne = Math.max(1, Math.floor(oneDecode / (bytes * (blockRows + carried))));
  if (fitOne >= chunkCols) return { stripes: cut(width, chunkCols), readAhead: false };
  // Each chunk column in equal parts, as few as the budget allows.
  const step = Math.ceil(chunkCols / Math.ceil(chunkCols / fitOne));
  const stripes: Columns[] = [];
  for (let c = 0; c < width; c += chunkCols)
    for (let s = c; s < Math.min(width, c + chunkCols); s += step)
      stripes.push([s, Math.min(width, c + chunkCols, s + step)]);
  return { stripes, readAhead: false };
}

function cut(width: number, step: number): Columns[] {
  const stripes: Columns[] = [];
  for (let c = 0; c < width; c += step) stripes.push([c, Math.min(width, c + step)]);
  return stripes;
}

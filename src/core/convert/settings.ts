import { samplesPerChunk } from "./timing";

/**
 * The two conversion settings as a person types them (the page's fields, the CLI's --chunk-mb and --level),
 * checked by one set of rules so that both refuse the same things with the same words.
 */

/** Beyond this many files per channel a chunk size is a slip (0.00001 for 1), not a choice. */
export const MAX_FILES_PER_CHANNEL = 100_000;

/**
 * Chunk files holding fewer samples than this (8 KiB, 0.0078 MiB) are allowed but said to be unusual: 0.0001 MiB
 * makes files of 13 samples, thousands of them for a few seconds, which is rarely what was meant.
 */
export const FEW_SAMPLES_PER_FILE = 1024;

export interface SettingsText {
  chunkMb: string;
  level: string;
}

/** What converting a series makes per channel at a chunk size: known exactly once planned, else bounded. */
export interface SeriesFiles {
  path: string;
  /** Samples (rows) of the series: every chunk holds at most samplesPerChunk of them. */
  rows: number;
  /** Files per channel as planned (chunks plus the channel's metadata file), when known. */
  filesPerChannel?: number;
}

export interface SettingsCheck {
  /** The chunk size in MiB, or null when it cannot be used. */
  chunkMb: number | null;
  level: number | null;
  chunkProblem: string | null;
  levelProblem: string | null;
  /** Said beside a usable chunk size that makes unusually small files; it does not stop a conversion. */
  chunkAdvice: string | null;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Checks the chunk size (a positive number of MiB whose chunks hold a sample, making at most
 * MAX_FILES_PER_CHANNEL files per channel of any of `series`) and the gzip level (a whole number 0–9).
 */
export function checkSettings(text: SettingsText, series: SeriesFiles[] = []): SettingsCheck {
  const chunk = checkChunkMb(text.chunkMb.trim(), series);
  const level = checkLevelText(text.level.trim());
  return {
    chunkMb: typeof chunk === "number" ? chunk : null,
    chunkProblem: typeof chunk === "string" ? chunk : null,
    level: typeof level === "number" ? level : null,
    levelProblem: typeof level === "string" ? level : null,
    chunkAdvice: typeof chunk === "number" ? smallChunkAdvice(text.chunkMb.trim(), series) : null,
  };
}

/** Whether a usable chunk size makes files of fewer than FEW_SAMPLES_PER_FILE samples, in words. */
export function smallChunkAdvice(chunkMbText: string, series: SeriesFiles[]): string | null {
  const perFile = samplesPerChunk(Number(chunkMbText));
  if (perFile >= FEW_SAMPLES_PER_FILE) return null;
  const most = Math.max(0, ...series.map((s) => filesPerChannel(s, Number(chunkMbText))));
  const files = most > 0 ? `, ${most.toLocaleString("en-US")} files per channel` : "";
  return (
    `${chunkMbText} MiB holds only ${perFile.toLocaleString("en-US")} samples per file${files}: ` +
    `usual chunk sizes are 0.25 to a few MiB.`
  );
}

/** The fewest files a channel of `rows` samples makes: one per chunk, plus its metadata file. */
export function minFilesPerChannel(rows: number, chunkMb: number): number {
  return Math.ceil(rows / samplesPerChunk(chunkMb)) + 1;
}

/** Files per channel of a series at `chunkMb`: as planned when known, else the fewest its samples make. */
const filesPerChannel = (s: SeriesFiles, chunkMb: number) => s.filesPerChannel ?? minFilesPerChannel(s.rows, chunkMb);

function checkChunkMb(text: string, series: SeriesFiles[]): number | string {
  if (text === "") return "Enter a chunk size in MiB, e.g. 1.";
  if (!DECIMAL.test(text) || !Number.isFinite(Number(text)))
    return `“${text}” is not a number: enter the chunk size in MiB, e.g. 1 or 0.25.`;
  const mb = Number(text);
  if (!(mb > 0)) return `The chunk size must be more than 0 MiB (got ${text}).`;
  if (!(Math.floor((mb * 2 ** 20) / 8) >= 1))
    return `A chunk of ${text} MiB holds no sample (8 bytes each): enter a larger chunk size.`;
  return filesPerChannelProblem(text, series) ?? mb;
}

/** Whether a chunk size (valid otherwise, as typed) makes too many files per channel of any of `series`. */
export function filesPerChannelProblem(chunkMbText: string, series: SeriesFiles[]): string | null {
  const mb = Number(chunkMbText);
  let worst: { path: string; files: number } | null = null;
  for (const s of series) {
    const files = filesPerChannel(s, mb);
    if (files > MAX_FILES_PER_CHANNEL && (!worst || files > worst.files)) worst = { path: s.path, files };
  }
  if (!worst) return null;
  return (
    `${chunkMbText} MiB makes ${worst.files.toLocaleString("en-US")} files per channel of ${worst.path} ` +
    `(at most ${MAX_FILES_PER_CHANNEL.toLocaleString("en-US")}): enter a larger chunk size.`
  );
}

function checkLevelText(text: string): number | string {
  if (text === "") return "Enter a gzip level from 0 to 9.";
  const level = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!(level >= 0 && level <= 9))
    return `“${text}” is not a gzip level: enter a whole number from 0 (stored, fastest) to 9 (smallest).`;
  return level;
}

import { convert, planConversion, type Summary } from "../core/convert/convert";
import { checkLevel } from "../core/convert/gzip";
import { planSize } from "../core/convert/plan";
import { readNwb } from "../core/nwb/read-nwb";
import { h5Rows, openRows, type ReadPath } from "../core/open-rows";
import type { OutputSink } from "../core/sink/output-sink";
import { directorySink } from "../node/directory-sink";
import { nodeInputs, openNodeSet } from "../node/engine";
import { zipFileSink } from "../node/zip-file-sink";
import { zlibCrc32, zlibGzip, zlibInflate } from "../node/zlib-gzip";
import { nodeBlosc } from "../node/blosc-pool";
import { checkSomethingToConvert, namingTheFile, watchedRows, type ReadWatch } from "./reading";

export interface ConvertArgs {
  /** Paths or http(s) URLs. */
  files: string[];
  /** Names of URLs that do not end in theirs (DANDI assets' download URLs). */
  names?: Record<string, string>;
  out?: string;
  zip?: string;
  chunkMb: number;
  series: string[];
  level: number;
  /** "h5wasm" forces the general read path (tests run the golden cases through both). */
  readPath?: ReadPath;
  onProgress?: (text: string) => void;
  /** Told before each file is written (a watchdog removes them if it has to stop the work). */
  onWriting?: (path: string) => void;
  watch?: ReadWatch;
}

export async function convertCommand(args: ConvertArgs): Promise<Summary & { output: string }> {
  if (!args.out === !args.zip) throw new Error("give exactly one of --out <dir> or --zip <file.zip>");
  checkLevel(args.level);
  const { set, close } = await openNodeSet(nodeInputs(args.files, args.names));
  try {
    return await namingTheFile(set, set.names[0]!, async () => {
      const file = readNwb(set, set.names[0]!);
      checkSomethingToConvert(file, args.series);
      const plans = planConversion(file, args.series, args.chunkMb, watchedRows(h5Rows(set), args.watch));
      const rows = watchedRows(
        openRows(set, { inflate: zlibInflate, blosc: nodeBlosc, path: args.readPath ?? "auto" }),
        args.watch,
      );
      const sink: OutputSink = args.out
        ? directorySink(args.out, args.onWriting)
        : zipFileSink(args.zip!, args.onWriting);
      const total = planSize(plans);
      const summary = await convert(plans, rows, {
        level: args.level,
        gzip: zlibGzip,
        crc32: zlibCrc32,
        sink,
        parallel: 8,
        onProgress: (p) =>
          args.onProgress?.(`${p.filesDone}/${total.files} files, ${(p.bytesDone / 2 ** 20).toFixed(0)} MiB`),
      });
      return { ...summary, output: args.out ?? args.zip! };
    });
  } finally {
    close();
  }
}

/** One line; `name` is the main input's name (inputName in remote-inputs.ts). */
export function describeSummary(s: Summary & { output: string }, name: string): string {
  const mb = (n: number) => (n / 1e6).toFixed(1);
  return (
    `${name}: ${s.series} series, ${s.channels} channels → ${s.files} files, ` +
    `${mb(s.bytesOut)} MB written (${mb(s.bytesRaw)} MB of samples) to ${s.output} in ${s.seconds.toFixed(2)} s`
  );
}

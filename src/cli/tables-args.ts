// What `nwb2pennsieve tables` is asked, checked in the main thread before any file is opened: nothing here may
// import h5wasm (main.ts stays light).
import { parseArgs } from "node:util";
import { parseCondition } from "../core/tables/condition";
import { REMOTE_OPTIONS, type RemoteValues } from "./remote-inputs";

/** What `nwb2pennsieve tables` was asked (spec nwb-tables §5–§7). */
export interface TablesArgs {
  /** Paths or http(s) URLs, and the names of URLs that do not end in theirs (DANDI assets). */
  files: string[];
  names?: Record<string, string>;
  list: boolean;
  table?: string;
  columns?: string[];
  where: string[];
  format: TableFormat;
  out?: string;
}

/** The export module's formats (core/tables/export), listed here so that the main thread need not load the writers. */
export const TABLE_FORMATS = ["json", "jsonl", "csv", "parquet"] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** The command line after `tables`, or an error naming the option at fault. */
export function parseTablesArgs(args: string[]): TablesArgs & { remote?: RemoteValues } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      list: { type: "boolean" },
      // Multiple, so that one given twice is told rather than the last silently winning.
      table: { type: "string", multiple: true },
      columns: { type: "string", multiple: true },
      where: { type: "string", multiple: true },
      format: { type: "string", multiple: true },
      out: { type: "string", multiple: true },
      ...REMOTE_OPTIONS,
    },
  });
  const once = (option: "table" | "columns" | "format" | "out"): string | undefined => {
    const given = values[option];
    if (given && given.length > 1) throw new Error(`--${option} is given ${given.length} times; give it once`);
    return given?.[0];
  };
  const table = once("table");
  const columnList = once("columns");
  const out = once("out");
  if (positionals.length === 0 && !values.dandiset) throw new Error("tables needs at least one input file");
  if (!values.list === !table) throw new Error("give exactly one of --list or --table <path or name>");
  if (values.list) {
    const extra = (["columns", "where", "format", "out"] as const).find((o) => values[o] !== undefined);
    if (extra) throw new Error(`--${extra} goes with --table, not --list`);
  }
  const format = once("format") ?? "json";
  if (!(TABLE_FORMATS as readonly string[]).includes(format))
    throw new Error(`--format must be one of json, jsonl, csv, parquet (got "${format}")`);
  const where = values.where ?? [];
  where.forEach(parseCondition); // a malformed condition is told before any file is read
  const columns = columnList
    ?.split(",")
    .map((c) => c.trim())
    .filter(Boolean);
  if (columnList !== undefined && !columns?.length)
    throw new Error("--columns needs column names, e.g. --columns snr,quality");
  return {
    files: positionals,
    list: values.list ?? false,
    table,
    columns,
    where,
    format: format as TableFormat,
    out,
    // Only when given: the options of DANDI assets, resolved by the main thread (remote-inputs.ts).
    remote:
      values.dandiset || values.asset || values["dandi-api"]
        ? { dandiset: values.dandiset, asset: values.asset, "dandi-api": values["dandi-api"] }
        : undefined,
  };
}

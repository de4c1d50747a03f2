import { extension, type ExportFormat } from "../../core/tables/export/index";

/** The download's name: the file (or "combined") and the table path, e.g. `session_a-intervals-trials.csv`. */
export function exportName(table: string, files: string[], format: ExportFormat): string {
  const base = files.length === 1 ? files[0]!.replace(/\.(nwb|h5|hdf5)$/i, "") : "combined";
  const tablePart = table.replace(/^\/+/, "").replace(/\//g, "-") || "table";
  return `${base}-${tablePart}.${extension(format)}`;
}

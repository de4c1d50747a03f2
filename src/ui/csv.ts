import { formatBytes } from "../core/format";
import { quotedField } from "../core/tables/export/csv";
import type { OpenedFile } from "../core/session";

/** One column of the metadata table and its CSV export. */
export interface MetadataColumn {
  id: string;
  header: string;
  text: (file: OpenedFile) => string;
  /** Sort key for columns whose text does not sort (sizes, counts); undefined when unknown. */
  sortNumber?: (file: OpenedFile) => number | undefined;
}

const session = (pick: (s: NonNullable<OpenedFile["nwb"]>["session"]) => string) => (file: OpenedFile) =>
  file.nwb ? pick(file.nwb.session) : "";

const seriesCount = (file: OpenedFile) => file.nwb?.series.length;
const totalChannels = (file: OpenedFile) => file.nwb?.series.reduce((sum, s) => sum + s.shape[1], 0);
const numberText = (n: number | undefined) => (n === undefined ? "" : String(n));

export const metadataColumns: MetadataColumn[] = [
  { id: "file", header: "File", text: (f) => f.name },
  { id: "size", header: "Size", text: (f) => formatBytes(f.size), sortNumber: (f) => f.size },
  { id: "nwbVersion", header: "NWB version", text: session((s) => s.nwbVersion) },
  { id: "identifier", header: "Identifier", text: session((s) => s.identifier) },
  { id: "sessionId", header: "Session ID", text: session((s) => s.sessionId) },
  { id: "sessionStart", header: "Session start", text: session((s) => s.sessionStartTime) },
  { id: "description", header: "Description", text: session((s) => s.sessionDescription) },
  { id: "experimenter", header: "Experimenter", text: session((s) => s.experimenter.join("; ")) },
  { id: "institution", header: "Institution", text: session((s) => s.institution) },
  { id: "lab", header: "Lab", text: session((s) => s.lab) },
  { id: "keywords", header: "Keywords", text: session((s) => s.keywords.join(", ")) },
  { id: "subjectId", header: "Subject ID", text: session((s) => s.subject.subjectId) },
  { id: "species", header: "Species", text: session((s) => s.subject.species) },
  { id: "sex", header: "Sex", text: session((s) => s.subject.sex) },
  { id: "age", header: "Age", text: session((s) => s.subject.age) },
  { id: "genotype", header: "Genotype", text: session((s) => s.subject.genotype) },
  { id: "strain", header: "Strain", text: session((s) => s.subject.strain) },
  {
    id: "seriesCount",
    header: "ElectricalSeries",
    text: (f) => numberText(seriesCount(f)),
    sortNumber: seriesCount,
  },
  {
    id: "channels",
    header: "Total channels",
    text: (f) => numberText(totalChannels(f)),
    sortNumber: totalChannels,
  },
];

/** Header row, then one row per file, as shown in the table and exported. */
export function metadataRows(files: OpenedFile[]): string[][] {
  return [metadataColumns.map((c) => c.header), ...files.map((f) => metadataColumns.map((c) => c.text(f)))];
}

/** RFC 4180 text (CRLF line ends, each record terminated). */
export function toCsv(rows: string[][]): string {
  return rows.map((row) => row.map(csvField).join(",") + "\r\n").join("");
}

// Spreadsheets run cells starting with these as formulas (CSV injection); a leading quote makes them text.
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(value: string): string {
  return quotedField(FORMULA_START.test(value) ? `'${value}` : value);
}

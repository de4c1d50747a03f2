import { formatBytes } from "../core/format";
import { readableDateTime } from "../core/nwb/time";
import { quotedField } from "../core/tables/export/csv";
import type { OpenedFile } from "../core/session";

/** One column of the metadata table and its CSV export. */
export interface MetadataColumn {
  id: string;
  header: string;
  text: (file: OpenedFile) => string;
  /** What the table shows when it differs from the exported text (date-times read as dates; CSV keeps ISO). */
  shown?: (file: OpenedFile) => string;
  /** Sort key for columns whose text does not sort (sizes, counts); undefined when unknown. */
  sortNumber?: (file: OpenedFile) => number | undefined;
}

type NwbSession = NonNullable<OpenedFile["nwb"]>["session"];
const session = (pick: (s: NwbSession) => string) => (file: OpenedFile) => (file.nwb ? pick(file.nwb.session) : "");

const seriesCount = (file: OpenedFile) => file.nwb?.series.length;
const totalChannels = (file: OpenedFile) => file.nwb?.series.reduce((sum, s) => sum + s.shape[1], 0);
const numberText = (n: number | undefined) => (n === undefined ? "" : String(n));

const subject = (pick: (s: NwbSession["subject"]) => string) => session((s) => pick(s.subject));
const names = (items: { name: string }[]) => items.map((x) => x.name).join(", ");

/** In display order; the file name first (it stays in view when the table scrolls sideways), then its error. */
export const metadataColumns: MetadataColumn[] = [
  { id: "file", header: "File", text: (f) => f.name },
  { id: "error", header: "Error", text: (f) => f.error ?? "" },
  { id: "size", header: "Size", text: (f) => formatBytes(f.size), sortNumber: (f) => f.size },
  { id: "nwbVersion", header: "NWB version", text: session((s) => s.nwbVersion) },
  { id: "identifier", header: "Identifier", text: session((s) => s.identifier) },
  { id: "sessionId", header: "Session ID", text: session((s) => s.sessionId) },
  {
    id: "sessionStart",
    header: "Session start",
    text: session((s) => s.sessionStartTime),
    shown: session((s) => readableDateTime(s.sessionStartTime)),
  },
  { id: "description", header: "Description", text: session((s) => s.sessionDescription) },
  { id: "experimenter", header: "Experimenter", text: session((s) => s.experimenter.join("; ")) },
  { id: "institution", header: "Institution", text: session((s) => s.institution) },
  { id: "lab", header: "Lab", text: session((s) => s.lab) },
  { id: "keywords", header: "Keywords", text: session((s) => s.keywords.join(", ")) },
  { id: "experimentDescription", header: "Experiment description", text: session((s) => s.experimentDescription) },
  { id: "protocol", header: "Protocol", text: session((s) => s.protocol) },
  { id: "notes", header: "Notes", text: session((s) => s.notes) },
  { id: "publications", header: "Related publications", text: session((s) => s.relatedPublications.join("; ")) },
  { id: "subjectId", header: "Subject ID", text: subject((s) => s.subjectId) },
  { id: "species", header: "Species", text: subject((s) => s.species) },
  { id: "sex", header: "Sex", text: subject((s) => s.sex) },
  { id: "age", header: "Age", text: subject((s) => s.age) },
  { id: "ageReference", header: "Age reference", text: subject((s) => s.ageReference) },
  {
    id: "dateOfBirth",
    header: "Date of birth",
    text: subject((s) => s.dateOfBirth),
    shown: subject((s) => readableDateTime(s.dateOfBirth)),
  },
  { id: "weight", header: "Weight", text: subject((s) => s.weight) },
  { id: "genotype", header: "Genotype", text: subject((s) => s.genotype) },
  { id: "strain", header: "Strain", text: subject((s) => s.strain) },
  { id: "subjectDescription", header: "Subject description", text: subject((s) => s.description) },
  { id: "devices", header: "Devices", text: session((s) => names(s.devices)) },
  { id: "electrodeGroups", header: "Electrode groups", text: session((s) => names(s.electrodeGroups)) },
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

/** Columns with a value in at least one file: the table shows these until the user chooses. */
export function columnsWithValues(files: OpenedFile[], columns = metadataColumns): MetadataColumn[] {
  return columns.filter((c) => files.some((f) => c.text(f) !== ""));
}

/** Header row, then one row per file, of the columns given (those shown in the table), as exported. */
export function metadataRows(files: OpenedFile[], columns = metadataColumns): string[][] {
  return [columns.map((c) => c.header), ...files.map((f) => columns.map((c) => c.text(f)))];
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

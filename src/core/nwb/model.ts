/** Plain descriptions of what an NWB file holds; no h5wasm objects cross this line. */

export interface Electrode {
  name: string;
  group: string;
}

/** Where a dataset's bytes live after external links are followed. */
export interface DatasetLocation {
  file: string;
  path: string;
}

/** An external link whose target file was not opened with the file holding it. */
export interface MissingLink {
  /** The file to open (links resolve among the opened files by this name). */
  file: string;
  /** The opened file holding the link, and the link's HDF5 path there. */
  linkFile: string;
  link: string;
  /** The object the link points at inside the missing file. */
  target: string;
}

export interface ElectricalSeries {
  /** HDF5 path of the series group, e.g. /acquisition/ElectricalSeries. */
  path: string;
  description: string;
  data: DatasetLocation;
  /** [samples, channels]; 1-D data is one channel. */
  shape: [number, number];
  /** h5wasm dtype string, e.g. "<h", "<f", ">d". */
  dtype: string;
  rate: number | null;
  startingTime: number;
  timestamps: DatasetLocation | null;
  conversion: number;
  offset: number;
  unit: string;
  channelConversion: number[] | null;
  electrodes: Electrode[];
  /** Why this series cannot be converted as it stands, or null. */
  problem: string | null;
  /** Links of its data or timestamps into files not opened with it: opening those files resolves them. */
  missing: MissingLink[];
}

export interface Subject {
  subjectId: string;
  species: string;
  sex: string;
  age: string;
  /** What the age counts from: "birth" or "gestational" (NWB 2.6+); empty when the file does not say. */
  ageReference: string;
  /** ISO-8601 text as written. */
  dateOfBirth: string;
  genotype: string;
  strain: string;
  /** Text as written (NWB stores it as text, e.g. "24.5 g"). */
  weight: string;
  description: string;
}

/** A device of /general/devices. */
export interface Device {
  name: string;
  description: string;
  manufacturer: string;
}

/** An ElectrodeGroup of /general/extracellular_ephys. */
export interface ElectrodeGroup {
  name: string;
  description: string;
  location: string;
  /** The name of the device it links to; empty when it has none. */
  device: string;
}

export interface Session {
  identifier: string;
  sessionId: string;
  sessionStartTime: string;
  timestampsReferenceTime: string;
  sessionDescription: string;
  experimenter: string[];
  institution: string;
  lab: string;
  keywords: string[];
  experimentDescription: string;
  protocol: string;
  notes: string;
  relatedPublications: string[];
  subject: Subject;
  /** At most MAX_GENERAL_ENTRIES of each; the counts say how many the file has. */
  devices: Device[];
  deviceCount: number;
  electrodeGroups: ElectrodeGroup[];
  electrodeGroupCount: number;
  nwbVersion: string;
}

export interface NwbFile {
  name: string;
  session: Session;
  series: ElectricalSeries[];
  /** Set when the search for series stopped after this many entries (or 32 levels) with some left unexamined. */
  searchCut?: number;
}

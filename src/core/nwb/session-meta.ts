import type { File, Group } from "h5wasm";
import { attrText, dataset, datasetText, datasetTextList, group } from "./h5-values";
import type { Device, ElectrodeGroup, Session, Subject } from "./model";

/** Devices and electrode groups listed at most; a file may hold thousands, the summary shows this many. */
export const MAX_GENERAL_ENTRIES = 200;

const G = "/general";

/**
 * The session's metadata: small scalar datasets and attributes only, each read on its own so that a missing or
 * odd field (old pynwb layouts, a string where a list belongs, a dataset where an attribute belongs) leaves that
 * field empty instead of failing the file.
 */
export function readSession(file: File): Session {
  const text = (path: string) => safe(() => datasetText(file, path), "");
  const list = (path: string) => safe(() => datasetTextList(file, path), []).filter((x) => x.trim() !== "");
  const devices = readDevices(file);
  const groups = readElectrodeGroups(file, devices.objectIds);
  return {
    identifier: text("/identifier"),
    sessionId: text(`${G}/session_id`),
    sessionStartTime: text("/session_start_time"),
    timestampsReferenceTime: text("/timestamps_reference_time"),
    sessionDescription: text("/session_description"),
    experimenter: list(`${G}/experimenter`),
    institution: text(`${G}/institution`),
    lab: text(`${G}/lab`),
    keywords: list(`${G}/keywords`),
    experimentDescription: text(`${G}/experiment_description`),
    protocol: text(`${G}/protocol`),
    notes: text(`${G}/notes`),
    relatedPublications: list(`${G}/related_publications`),
    subject: readSubject(file),
    devices: devices.list,
    deviceCount: devices.count,
    electrodeGroups: groups.list,
    electrodeGroupCount: groups.count,
    nwbVersion: safe(() => attrText(file, "nwb_version"), "") || text("/nwb_version"),
  };
}

function readSubject(file: File): Subject {
  const s = `${G}/subject`;
  const text = (name: string) => safe(() => datasetText(file, `${s}/${name}`), "");
  const age = safe(() => dataset(file, `${s}/age`), null);
  return {
    subjectId: text("subject_id"),
    species: text("species"),
    sex: text("sex"),
    age: text("age"),
    ageReference: age ? safe(() => attrText(age, "reference"), "") : "",
    dateOfBirth: text("date_of_birth"),
    genotype: text("genotype"),
    strain: text("strain"),
    weight: text("weight"),
    description: text("description"),
  };
}

/**
 * An attribute of a group or, as NWB 1.x wrote some of them, a dataset inside it; a device written as a text
 * dataset (NWB 1.x) is its own description.
 */
function field(file: File, path: string, name: string): string {
  const g = group(file, path);
  if (g) return safe(() => attrText(g, name), "") || safe(() => datasetText(file, `${path}/${name}`), "");
  return name === "description" ? safe(() => datasetText(file, path), "") : "";
}

function readDevices(file: File): { list: Device[]; count: number; objectIds: Map<string, string> } {
  const names = childNames(file, `${G}/devices`);
  const objectIds = new Map<string, string>();
  const list = names.slice(0, MAX_GENERAL_ENTRIES).map((name) => {
    const path = `${G}/devices/${name}`;
    const g = group(file, path);
    const id = g ? safe(() => attrText(g, "object_id"), "") : "";
    if (id) objectIds.set(id, name);
    return { name, description: field(file, path, "description"), manufacturer: field(file, path, "manufacturer") };
  });
  return { list, count: names.length, objectIds };
}

function readElectrodeGroups(file: File, deviceIds: Map<string, string>): { list: ElectrodeGroup[]; count: number } {
  const base = `${G}/extracellular_ephys`;
  // The electrodes table and any other non-group entry are not electrode groups.
  const names = childNames(file, base).filter((name) => {
    const g = group(file, `${base}/${name}`);
    if (!g) return false;
    const type = safe(() => attrText(g, "neurodata_type"), "");
    return type ? type === "ElectrodeGroup" || !type.includes("Table") : name !== "electrodes";
  });
  const list = names.slice(0, MAX_GENERAL_ENTRIES).map((name) => {
    const path = `${base}/${name}`;
    return {
      name,
      description: field(file, path, "description"),
      location: field(file, path, "location"),
      device: deviceName(file, `${path}/device`, deviceIds),
    };
  });
  return { list, count: names.length };
}

/** The device a group's `device` link points at: the soft link's target, else the device with its object id. */
function deviceName(file: File, path: string, deviceIds: Map<string, string>): string {
  const target = safe(() => file.get_link(path), null);
  if (typeof target === "string" && target) return target.split("/").filter(Boolean).pop() ?? target;
  const g = group(file, path);
  if (g) {
    const id = safe(() => attrText(g, "object_id"), "");
    return deviceIds.get(id) ?? "";
  }
  // NWB 1.x: the device's name as text.
  return safe(() => datasetText(file, path), "");
}

function childNames(file: File, path: string): string[] {
  const g: Group | null = group(file, path);
  return g ? safe(() => g.keys(), []) : [];
}

function safe<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

export const EMPTY_SUBJECT: Subject = {
  subjectId: "",
  species: "",
  sex: "",
  age: "",
  ageReference: "",
  dateOfBirth: "",
  genotype: "",
  strain: "",
  weight: "",
  description: "",
};

/** The parts of a session beyond the fields every file has, all empty (for sessions built by hand in tests). */
export const NO_SESSION_DETAILS = {
  experimentDescription: "",
  protocol: "",
  notes: "",
  relatedPublications: [],
  subject: EMPTY_SUBJECT,
  devices: [],
  deviceCount: 0,
  electrodeGroups: [],
  electrodeGroupCount: 0,
} satisfies Partial<Session>;

/** A session with every field empty (tests build files by hand from it), `over` laid on top. */
export function emptySession(over: Partial<Session> = {}): Session {
  return {
    identifier: "",
    sessionId: "",
    sessionStartTime: "2024-01-01T00:00:00Z",
    timestampsReferenceTime: "",
    sessionDescription: "",
    experimenter: [],
    institution: "",
    lab: "",
    keywords: [],
    ...NO_SESSION_DETAILS,
    nwbVersion: "2.7.0",
    ...over,
  };
}

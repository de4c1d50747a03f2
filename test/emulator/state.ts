// Creation of the in-memory state and the seeding helpers tests and the demo use to set up targets.
import { randomUUID } from "node:crypto";
import type { DatasetRecord, EmulatorConfig, EmulatorState, EmulatorUser, PackageRecord, WorkflowRun } from "./types";

export function createState(config: EmulatorConfig, users: EmulatorUser[]): EmulatorState {
  return {
    config,
    users,
    datasets: new Map(),
    packages: new Map(),
    channels: new Map(),
    runs: new Map(),
    imports: new Map(),
    manifestRequests: [],
    presigns: [],
    uploads: [],
    requests: [],
  };
}

// Pennsieve exposes integer ids next to node ids; one counter keeps them unique across kinds.
let nextIntId = 1;

export function addDataset(state: EmulatorState, opts: { name?: string; id?: string } = {}): DatasetRecord {
  const dataset = { id: opts.id ?? `N:dataset:${randomUUID()}`, intId: nextIntId++, name: opts.name ?? "Dataset" };
  state.datasets.set(dataset.id, dataset);
  return dataset;
}

export interface AddPackageOptions {
  datasetId: string;
  name?: string;
  id?: string;
  parentId?: string | null;
  /** "Collection" makes a folder (id prefix N:collection:), anything else a package. */
  packageType?: string;
}

export function addPackage(state: EmulatorState, opts: AddPackageOptions): PackageRecord {
  if (!state.datasets.has(opts.datasetId)) throw new Error(`unknown dataset ${opts.datasetId}`);
  if (opts.parentId && !state.packages.has(opts.parentId)) throw new Error(`unknown parent ${opts.parentId}`);
  const packageType = opts.packageType ?? "TimeSeries";
  const prefix = packageType === "Collection" ? "N:collection:" : "N:package:";
  const pkg: PackageRecord = {
    id: opts.id ?? `${prefix}${randomUUID()}`,
    intId: nextIntId++,
    name: opts.name ?? "recording.nwb",
    datasetId: opts.datasetId,
    parentId: opts.parentId ?? null,
    packageType,
    properties: [],
    propertyUpdates: [],
  };
  state.packages.set(pkg.id, pkg);
  return pkg;
}

export interface AddRunOptions {
  datasetId: string;
  packageIds: string[];
  uuid?: string;
  /** Key under dataSources; the real service uses names like "input". */
  source?: string;
}

export function addWorkflowRun(state: EmulatorState, opts: AddRunOptions): WorkflowRun {
  const run: WorkflowRun = {
    uuid: opts.uuid ?? randomUUID(),
    datasetId: opts.datasetId,
    dataSources: { [opts.source ?? "input"]: { packageIds: [...opts.packageIds] } },
  };
  state.runs.set(run.uuid, run);
  return run;
}

/** JSON-friendly copy of the state (Maps become objects) for GET /admin/state. */
export function stateSnapshot(state: EmulatorState): Record<string, unknown> {
  const obj = <V>(m: Map<string, V>) => Object.fromEntries(m);
  return {
    ...state,
    datasets: obj(state.datasets),
    packages: obj(state.packages),
    channels: obj(state.channels),
    runs: obj(state.runs),
    imports: obj(state.imports),
  };
}

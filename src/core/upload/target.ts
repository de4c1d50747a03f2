import type { PennsieveApi } from "./api";

/** Where the time series goes: given directly, or read from a workflow run. */
export type TargetSpec = { datasetId: string; packageId: string; integrationId?: string } | { workflowRunId: string };

export interface Target {
  datasetId: string;
  packageId: string;
  integrationId: string;
}

interface WorkflowRun {
  uuid?: string;
  datasetId?: string;
  dataSources?: Record<string, { packageIds?: string[] }>;
}

export async function resolveTarget(api: PennsieveApi, spec: TargetSpec): Promise<Target> {
  if (!("workflowRunId" in spec)) {
    if (!spec.datasetId || !spec.packageId) throw new Error("give a dataset id and a package id, or a workflow run id");
    // The import service wants an integration id; without a workflow run, a fresh one names this upload.
    return {
      datasetId: spec.datasetId,
      packageId: spec.packageId,
      integrationId: spec.integrationId || crypto.randomUUID(),
    };
  }
  const run = await api.get<WorkflowRun>(
    "reading the workflow run",
    `${api.hosts.api2}/compute/workflows/runs/${encodeURIComponent(spec.workflowRunId)}`,
  );
  const packageIds = Object.values(run.dataSources ?? {}).flatMap((s) => s.packageIds ?? []);
  if (!run.datasetId || packageIds.length === 0) throw new Error("the workflow run names no dataset or package");
  let packageId = packageIds[0]!;
  if (packageIds.length > 1) {
    // The run lists the files of a package: the time series goes to their parent package.
    const first = packageIds.find((id) => id.startsWith("N:package:")) ?? packageId;
    const pkg = await api.get<{ parent?: { content?: { nodeId?: string } } }>(
      "reading the package",
      `${api.hosts.api}/packages/${encodeURIComponent(first)}?includeAncestors=true&startAtEpoch=false&limit=100&offset=0`,
    );
    packageId = pkg.parent?.content?.nodeId ?? first;
  }
  return { datasetId: run.datasetId, packageId, integrationId: run.uuid ?? spec.workflowRunId };
}

/** Marks the package as a time series so Pennsieve's viewer opens it as one. */
export async function markTimeseries(api: PennsieveApi, packageId: string): Promise<void> {
  await api.send(
    "marking the package as a time series",
    "PUT",
    `${api.hosts.api}/packages/${encodeURIComponent(packageId)}?updateStorage=true`,
    {
      properties: [
        {
          key: "subtype",
          value: "pennsieve_timeseries",
          dataType: "string",
          category: "Viewer",
          fixed: false,
          hidden: true,
        },
        { key: "icon", value: "timeseries", dataType: "string", category: "Pennsieve", fixed: false, hidden: true },
      ],
    },
  );
}

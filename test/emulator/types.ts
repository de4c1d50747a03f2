// Shared shapes of the emulator's in-memory state. Everything a test may want to inspect lives in
// EmulatorState so assertions read plain data instead of scraping HTTP logs.

export interface EmulatorUser {
  apiKey: string;
  apiSecret: string;
}

export interface DatasetRecord {
  id: string; // N:dataset:<uuid>
  intId: number;
  name: string;
}

export interface PackageProperty {
  key: string;
  value: string;
  dataType?: string;
  category: string;
  fixed?: boolean;
  hidden?: boolean;
}

export interface PackageRecord {
  id: string; // N:package:<uuid> (or N:collection:<uuid> for folders)
  intId: number;
  name: string;
  datasetId: string;
  parentId: string | null;
  packageType: string;
  properties: PackageProperty[];
  /** Every PUT {api}/packages/{id}: its query string and the properties it sent, in order. */
  propertyUpdates: { query: string; properties: PackageProperty[] }[];
}

export interface ChannelContent {
  id: string; // N:channel:<uuid4>
  name: string;
  start: number;
  end: number;
  unit: string;
  rate: number;
  channelType: string;
  group: string;
  lastAnnotation: number;
  spikeDuration: number | null;
  properties: unknown[];
  createdAt: string;
}

export interface WorkflowRun {
  uuid: string;
  datasetId: string;
  dataSources: Record<string, { packageIds: string[] }>;
}

export interface ManifestFile {
  upload_key: string;
  file_path: string;
}

export interface ImportRecord {
  id: string;
  datasetId: string;
  integrationId: string;
  packageId: string;
  importType: string;
  createdVia: "import" | "import/manifest";
  files: ManifestFile[];
}

/** One manifest call (create or append), kept even when refused, so tests can check batching. */
export interface ManifestRequest {
  route: "import" | "import/manifest" | "files";
  importId: string | null;
  entries: number | null; // null when the body was refused before parsing
  bytes: number;
  status: number;
}

export interface PresignRecord {
  importId: string;
  uploadKey: string;
  key: string;
  url: string;
}

/** One PUT that reached the S3 front, whatever became of it. */
export interface UploadRecord {
  key: string;
  importId: string | null;
  uploadKey: string | null;
  bytes: number;
  status: number; // 0 when the connection was dropped
  outcome: "stored" | "fault-500" | "fault-503" | "fault-drop" | "refused" | "error";
  etag: string | null;
}

export interface RequestLogEntry {
  at: number;
  server: "api" | "s3";
  method: string;
  path: string;
  query: string;
  origin: string | null;
  status: number; // 0 when the connection was dropped
  fault: string | null;
}

export interface EmulatorConfig {
  corsOrigins: string[] | "*";
  /** false: POST {api2}/import answers 404, to exercise a client's fallback to /import/manifest. */
  legacyImportRoute: boolean;
  manifestImportRoute: boolean;
  /** Status for a well-formed but expired access token (API Gateway says 401; some stacks say 403). */
  expiredTokenStatus: 401 | 403;
  presignExpiresSeconds: number;
}

export interface EmulatorState {
  config: EmulatorConfig;
  users: EmulatorUser[];
  datasets: Map<string, DatasetRecord>;
  packages: Map<string, PackageRecord>;
  channels: Map<string, ChannelContent[]>; // by package id
  runs: Map<string, WorkflowRun>;
  imports: Map<string, ImportRecord>;
  manifestRequests: ManifestRequest[];
  presigns: PresignRecord[];
  uploads: UploadRecord[];
  requests: RequestLogEntry[];
}

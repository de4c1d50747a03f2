// `npm run emulator`: a Pennsieve emulator on fixed loopback ports with a demo user and target,
// for trying the app by hand. Ports and CORS origins can be overridden through the environment.
import { startEmulator } from "./emulator";

const port = Number(process.env.EMULATOR_PORT ?? 4790);
const s3Port = Number(process.env.EMULATOR_S3_PORT ?? 4791);
const origins = process.env.EMULATOR_CORS_ORIGINS; // comma-separated; default any origin
const user = { apiKey: "demo-api-key", apiSecret: "demo-api-secret" };

const emu = await startEmulator({
  port,
  s3Port,
  users: [user],
  corsOrigins: origins ? origins.split(",").map((o) => o.trim()) : "*",
});
// Fixed ids, so a target pasted into the app once keeps working across restarts.
const dataset = emu.addDataset({ name: "Demo dataset", id: "N:dataset:00000000-0000-4000-8000-00000000d001" });
const folder = emu.addPackage({
  datasetId: dataset.id,
  name: "demo-session",
  packageType: "Collection",
  id: "N:collection:00000000-0000-4000-8000-00000000c001",
});
const pkg = emu.addPackage({
  datasetId: dataset.id,
  name: "demo.nwb",
  parentId: folder.id,
  id: "N:package:00000000-0000-4000-8000-00000000a001",
});
const run = emu.addWorkflowRun({
  datasetId: dataset.id,
  packageIds: [pkg.id],
  uuid: "00000000-0000-4000-8000-00000000e001",
});

console.log(`Pennsieve emulator (loopback only)
  api host      ${emu.apiUrl}
  api2 host     ${emu.api2Url}
  Cognito URL   ${emu.cognitoUrl}   (replaces https://cognito-idp.<region>.amazonaws.com/)
  S3 endpoint   ${emu.s3Url}   (bucket ${emu.bucket}; presigned URLs point here)
  admin         ${emu.adminUrl}/faults (GET/POST), ${emu.adminUrl}/config (POST), ${emu.adminUrl}/state (GET)
  API key       ${user.apiKey}
  API secret    ${user.apiSecret}
  dataset       ${dataset.id}
  package       ${pkg.id}   (parent ${folder.id})
  workflow run  ${run.uuid}
  CORS origins  ${origins ?? "any"}
Ctrl-C to stop.`);

let stopping = false;
const shutdown = () => {
  if (stopping) process.exit(1); // a second Ctrl-C gives up waiting
  stopping = true;
  emu.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);

// The main thread parses the arguments and watches; the HDF5 work runs in a worker thread it can stop (watchdog.ts).
// Nothing here imports h5wasm, so start-up stays as short as the worker's.
import { parseArgs } from "node:util";
import { checkSettings } from "../core/convert/settings";
import type { Job } from "./job";
import { REMOTE_OPTIONS, resolveInputs } from "./remote-inputs";
import { parseTablesArgs } from "./tables-args";
import { uploadSettingsFromEnv } from "./upload-settings";
import { deadlineFromEnv, runWatched } from "./watchdog";

const USAGE = `usage (a file is a path, an http(s):// URL, or DANDI assets: --dandiset ID[/VERSION] --asset PATH …):
  nwb2pennsieve convert <file.nwb> [<files opened with it>…] (--out <dir> | --zip <file.zip>)
                        --chunk-mb <MiB> [--series <hdf5 path>]… [--level 0-9]
  nwb2pennsieve inspect <file.nwb> [<files opened with it>…] [--json]
  nwb2pennsieve tables <file.nwb>… (--list | --table <path or units|trials|epochs|electrodes>
                       [--columns a,b,…] [--where "<column> <op> <value>"]… [--format json|jsonl|csv|parquet] [--out <file>])
      (op: == != < <= > >= contains in; each file on its own, rows in the order the files are given)
  nwb2pennsieve upload <file.nwb> [<files opened with it>…] --chunk-mb <MiB> [--series <path>]… [--level 0-9]
                       [--dataset <id> --package <id> | --workflow-run <id>] [--api-host URL] [--api2-host URL]
                       [--cognito-url URL] [--api-key K --api-secret S | --session-token T]
      (or the environment: PENNSIEVE_API_KEY, PENNSIEVE_API_SECRET, SESSION_TOKEN, PENNSIEVE_API_HOST,
       PENNSIEVE_API_HOST2, INTEGRATION_ID)
  DANDI assets: --dandiset 000123[/0.230101.1234] (or a DANDI URL) --asset sub-1/sub-1_ecephys.nwb (repeatable)
      [--dandi-api URL] (default https://api.dandiarchive.org/api; version default: the most recent published,
      else the draft). A URL's server must answer Range requests (206); only the hosts given are contacted.
  NWB2PENNSIEVE_DEADLINE_S: seconds the HDF5 library may make no progress before a file is given up on (20)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h") {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command === "convert") {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        out: { type: "string" },
        zip: { type: "string" },
        "chunk-mb": { type: "string" },
        series: { type: "string", multiple: true },
        level: { type: "string" },
        ...REMOTE_OPTIONS,
      },
    });
    const { chunkMb, level } = checkedSettings(values["chunk-mb"], values.level);
    if (!values.out === !values.zip) throw new Error("give exactly one of --out <dir> or --zip <file.zip>");
    return run(
      {
        command: "convert",
        ...(await resolveInputs("convert", positionals, values)),
        out: values.out,
        zip: values.zip,
        chunkMb,
        series: values.series ?? [],
        level,
        progress: process.stderr.isTTY,
      },
      (t) => process.stderr.write(`\r${t}   `),
    );
  }
  if (command === "upload") {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        "chunk-mb": { type: "string" },
        series: { type: "string", multiple: true },
        level: { type: "string" },
        dataset: { type: "string" },
        package: { type: "string" },
        "workflow-run": { type: "string" },
        "api-host": { type: "string" },
        "api2-host": { type: "string" },
        "cognito-url": { type: "string" },
        "api-key": { type: "string" },
        "api-secret": { type: "string" },
        "session-token": { type: "string" },
        "refresh-token": { type: "string" },
        "manifest-limit": { type: "string" },
        ...REMOTE_OPTIONS,
      },
    });
    const { chunkMb, level } = checkedSettings(values["chunk-mb"], values.level);
    const {
      "chunk-mb": _c,
      series,
      level: _l,
      "manifest-limit": limit,
      dandiset,
      asset,
      "dandi-api": api,
      ...flags
    } = values;
    const settings = uploadSettingsFromEnv(process.env, flags as Record<string, string | undefined>);
    const inputs = await resolveInputs("upload", positionals, { dandiset, asset, "dandi-api": api });
    return run(
      {
        command: "upload",
        ...inputs,
        chunkMb,
        series: series ?? [],
        level,
        manifestLimitBytes: limit ? Number(limit) : undefined,
        ...settings,
        progress: process.stderr.isTTY,
      },
      (t) => process.stderr.write(`\r\x1b[K${t}`),
    );
  }
  if (command === "inspect") {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { json: { type: "boolean" }, ...REMOTE_OPTIONS },
    });
    const inputs = await resolveInputs("inspect", positionals, values);
    return run({ command: "inspect", ...inputs, json: values.json ?? false });
  }
  if (command === "tables") {
    const { remote, ...args } = parseTablesArgs(rest);
    const inputs = await resolveInputs("tables", args.files, remote ?? {});
    return run({ command: "tables", ...args, ...inputs, progress: process.stderr.isTTY }, (t) =>
      process.stderr.write(`\r\x1b[K${t}`),
    );
  }
  console.error(`unknown command ${command}\n${USAGE}`);
  return 2;
}

/** --chunk-mb (required) and --level (default 1) by the page's rules, or an error naming the option. */
function checkedSettings(chunkMb: string | undefined, level: string | undefined) {
  if (chunkMb === undefined) throw new Error("--chunk-mb needs a positive number (MiB)");
  const check = checkSettings({ chunkMb, level: level ?? "1" });
  if (check.chunkProblem) throw new Error(`--chunk-mb: ${check.chunkProblem}`);
  if (check.levelProblem) throw new Error(`--level: ${check.levelProblem}`);
  return { chunkMb: check.chunkMb!, level: check.level! };
}

/** Runs the job in the watched HDF5 thread; progress lines (a terminal only) are rewritten in place, then cleared. */
async function run(job: Job, showProgress?: (text: string) => void): Promise<number> {
  const deadlineS = deadlineFromEnv(process.env);
  const progress = "progress" in job && job.progress ? showProgress : undefined;
  const outcome = await runWatched(job, {
    deadlineS,
    onProgress: progress,
    onOutput: writeStdout,
    onWarning: (line) => {
      if (progress) process.stderr.write("\r\x1b[K");
      console.error(`warning: ${line}`);
    },
  });
  if (progress) process.stderr.write("\r\x1b[K");
  if (outcome.error) console.error(`nwb2pennsieve: ${outcome.error}`);
  // Written out before the process exits: into a pipe, a report over 128 KiB was cut at 128 KiB.
  await new Promise<void>((resolve, reject) =>
    process.stdout.write(outcome.stdout, (e) => (e ? reject(e) : resolve())),
  );
  return outcome.code;
}

/** Streamed output (tables): a reader that went away (`| head`) ends the command quietly, as other tools do. */
function writeStdout(bytes: Uint8Array): Promise<void> {
  return new Promise((resolve) =>
    process.stdout.write(bytes, (e) => {
      if (!e) return resolve();
      if ((e as NodeJS.ErrnoException).code !== "EPIPE")
        console.error(`nwb2pennsieve: cannot write the output: ${e.message}`);
      process.exit((e as NodeJS.ErrnoException).code === "EPIPE" ? 0 : 1);
    }),
  );
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const text = e instanceof Error ? e.message : String(e);
    console.error(`nwb2pennsieve: ${text.split("\n")[0]}`);
    process.exit(1);
  },
);

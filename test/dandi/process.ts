import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { Fault } from "./file-host";
import type { StandInOptions } from "./stand-in";

export interface StandInState {
  /** Requests per host (`127.0.0.1:P`). */
  requests: Record<string, number>;
  rangeRequests: number;
  faultsLeft: number;
}

export interface StandInProcess {
  /** The stand-in's process id (the benchmark reads its CPU time). */
  pid: number;
  api: string;
  files: string;
  url(name: string): string;
  /** A plain file's URL that redirects (on the file host) to a signed one that expires. */
  redirectUrl(name: string): string;
  /** The host (`127.0.0.1:P`) of the API and of the file host, as the request counts name them. */
  apiHost: string;
  fileHost: string;
  /** Faults played on the file host's next range requests; with `every`, on every n-th one. */
  inject(faults: Fault[], every?: number): Promise<StandInState>;
  state(): Promise<StandInState>;
  /** Counts back to zero. */
  reset(): Promise<StandInState>;
  close(): void;
}

/** Starts the DANDI stand-in (stand-in.ts) in a child process, for tests whose own thread blocks on reads. */
export async function startStandInProcess(options: StandInOptions): Promise<StandInProcess> {
  const child: ChildProcess = fork(join(import.meta.dirname, "main.ts"), [JSON.stringify(options)], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const { api, files } = await new Promise<{ api: string; files: string }>((resolve, reject) => {
    child.once("message", (m: { ready: { api: string; files: string } }) => resolve(m.ready));
    child.once("exit", (code) => reject(new Error(`the DANDI stand-in exited (${code})`)));
  });
  let next = 0;
  const ask = (m: object) =>
    new Promise<StandInState>((resolve) => {
      const id = next++;
      const on = (r: StandInState & { id: number }) => {
        if (r.id !== id) return;
        child.off("message", on);
        resolve(r);
      };
      child.on("message", on);
      child.send({ id, ...m });
    });
  return {
    pid: child.pid!,
    api,
    files,
    url: (name) => `${files}/files/${encodeURIComponent(name)}`,
    redirectUrl: (name) => `${files}/redirect/${encodeURIComponent(name)}`,
    apiHost: new URL(api).host,
    fileHost: new URL(files).host,
    inject: (faults, every = 1) => ask({ inject: faults, every }),
    state: () => ask({ requests: true }),
    reset: () => ask({ reset: true }),
    close: () => void child.kill(),
  };
}

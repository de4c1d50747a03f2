// The fetch thread when the CLI runs from its sources (no bundle, see bin/nwb2pennsieve.mjs): module hooks
// registered elsewhere do not reach worker threads, so this one registers tsx for itself.
import { register } from "tsx/esm/api";

register();
await import("./fetch-thread.ts");

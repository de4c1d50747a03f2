/// <reference lib="webworker" />
import { expose } from "comlink";
import { api } from "./api";
import { shareCompiledModule } from "./compiled";

// h5wasm starts fetching its WebAssembly when imported; compiling it ends after this line has run.
shareCompiledModule();
expose(api);

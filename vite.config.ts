import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { h5wasmWasmFile } from "./scripts/h5wasm-wasm-file";

// base "./" makes every asset URL relative, so the build works from any sub-path of any static host.
export default defineConfig({
  base: "./",
  plugins: [react()],
  // The HDF5 worker (one per opened set) loads h5wasm's WebAssembly as a file of its own: see the plugin.
  worker: { format: "es", plugins: () => [h5wasmWasmFile()] },
  assetsInclude: ["**/*.so"],
  build: { target: "es2022", chunkSizeWarningLimit: 8000 },
  optimizeDeps: { exclude: ["h5wasm"] },
});

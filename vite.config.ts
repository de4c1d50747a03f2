import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// base "./" makes every asset URL relative, so the build works from any sub-path of any static host.
export default defineConfig({
  base: "./",
  plugins: [react()],
  worker: { format: "es" },
  assetsInclude: ["**/*.so"],
  build: { target: "es2022", chunkSizeWarningLimit: 8000 },
  optimizeDeps: { exclude: ["h5wasm"] },
});

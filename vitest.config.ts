import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Vitest's default (one core left free) is one file at a time on 2 cores. The slow files mostly wait (on a
    // CLI process, a watchdog's deadline, a slow link of the stand-in servers): two at a time, the run took 0.55
    // times the files' summed time (one at a time: 1.1 times). Their time limits are set for a loaded machine.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});

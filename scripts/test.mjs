// `npm test`: the Node tests, the build, then the end-to-end tests, with the lint (prettier, eslint, tsc) run
// beside the "parallel" Playwright project instead of before everything: the lint is ~40 s of one core, which it
// takes from that project either way, before or beside it; the Node tests and the "timed" project time
// the machine, so nothing runs beside them. A failure of the Node tests or of the build stops there; otherwise every
// step runs (the "timed" project after a failed "parallel" one, as `npm run e2e` does) and the exit code is the
// first failure's. The lint's output is held and printed when it ends, in one piece.
import { spawn } from "node:child_process";

/** Runs an npm script, its output straight through, or held and handed back. */
function npmRun(script, { hold = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", script], { stdio: hold ? ["ignore", "pipe", "pipe"] : "inherit" });
    let output = "";
    if (hold) {
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
    }
    child.on("close", (code, signal) => resolve({ script, code: code ?? (signal ? 1 : 0), output }));
  });
}

const results = [];
const step = async (script) => {
  console.log(`\n> npm run ${script}\n`);
  const result = await npmRun(script);
  results.push(result);
  return result.code;
};

for (const first of ["test:node", "build"]) {
  const code = await step(first);
  if (code !== 0) process.exit(code);
}
console.log("\n> npm run lint (beside the parallel project; its output when it ends)\n");
const lint = npmRun("lint", { hold: true });
await step("e2e:parallel");
const linted = await lint;
console.log(`\n> npm run lint: ${linted.code === 0 ? "passed" : `failed (exit ${linted.code})`}\n`);
process.stdout.write(linted.output);
results.push(linted);
await step("e2e:timed");

const failed = results.filter((r) => r.code !== 0);
for (const r of failed) console.error(`npm run ${r.script} failed (exit ${r.code})`);
process.exit(failed[0]?.code ?? 0);

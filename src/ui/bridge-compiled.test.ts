import { afterEach, describe, expect, it, vi } from "vitest";
import { COMPILED } from "../worker/compiled";

/** The smallest WebAssembly module, with one byte of custom section to tell two apart. */
const moduleOf = (tag: number) =>
  new WebAssembly.Module(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0, 3, 1, 0x74, tag]));

/** A worker that only holds its listeners: the test sends its messages. */
class FakeWorker extends EventTarget {
  static made: FakeWorker[] = [];
  terminated = false;
  constructor() {
    super();
    FakeWorker.made.push(this);
  }
  postMessage() {}
  terminate() {
    this.terminated = true;
  }
}

afterEach(() => vi.unstubAllGlobals());

describe("h5wasm's compiled module", () => {
  it("is kept by the page from the first worker that hands it over, after that worker has gone", async () => {
    vi.resetModules();
    vi.stubGlobal("Worker", FakeWorker);
    const bridge = await import("./bridge");
    expect(bridge.compiledModule()).toBeUndefined();
    bridge.startSetWorker(1);
    const first = moduleOf(1);
    FakeWorker.made.at(-1)!.dispatchEvent(new MessageEvent("message", { data: { other: first } }));
    expect(bridge.compiledModule()).toBeUndefined();
    FakeWorker.made.at(-1)!.dispatchEvent(new MessageEvent("message", { data: { [COMPILED]: first } }));
    bridge.stopSetWorker(1, "the files were closed");
    expect(FakeWorker.made.at(-1)!.terminated).toBe(true);
    expect(bridge.compiledModule()).toBe(first);
    bridge.startSetWorker(2);
    FakeWorker.made.at(-1)!.dispatchEvent(new MessageEvent("message", { data: { [COMPILED]: moduleOf(2) } }));
    expect(bridge.compiledModule()).toBe(first);
    bridge.stopSetWorker(2, "the files were closed");
  });
});

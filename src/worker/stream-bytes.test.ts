import { describe, expect, it } from "vitest";
import {
  streamBytes,
  WIDE_WINDOW_BYTES,
  windowFor,
  WINDOW_BYTES,
  type FromServiceWorker,
  type ToServiceWorker,
} from "./stream-bytes";

/** The service worker's end of the port: what arrived, and a way to answer. */
function serviceWorker(port: MessagePort) {
  const got: ToServiceWorker[] = [];
  let wake = () => {};
  port.onmessage = (e: MessageEvent<ToServiceWorker>) => {
    got.push(e.data);
    wake();
  };
  return {
    got,
    answer: (m: FromServiceWorker) => port.postMessage(m),
    async until(n: number) {
      while (got.length < n) await new Promise<void>((r) => (wake = r));
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 20));
const bytesOf = (got: ToServiceWorker[]) => got.flatMap((m) => (m.type === "bytes" ? [...m.bytes] : []));

describe("streamBytes", () => {
  it("sends nothing before the first bytes, then every byte in order, copied, and the end", async () => {
    const { port1, port2 } = new MessageChannel();
    const sw = serviceWorker(port2);
    const sink = streamBytes(port1);
    await tick();
    expect(sw.got).toEqual([]);
    const buffer = new Uint8Array([1, 2, 3]);
    await sink.write(buffer.subarray(1));
    buffer.fill(9); // the caller reuses its buffer once write resolves
    await sink.write(new Uint8Array([4]));
    await sink.close();
    await sw.until(3);
    expect(bytesOf(sw.got)).toEqual([2, 3, 4]);
    expect(sw.got.at(-1)).toEqual({ type: "end" });
    expect(buffer).toEqual(new Uint8Array([9, 9, 9])); // copied, not moved away from the caller
    port2.close();
  });

  it("moves a buffer handed over instead of copying it, a view of it with the whole buffer; copies the rest", async () => {
    const { port1, port2 } = new MessageChannel();
    const sw = serviceWorker(port2);
    const sink = streamBytes(port1);
    const whole = new Uint8Array([5, 6]);
    const bigger = new Uint8Array([7, 8, 9, 10]);
    const kept = new Uint8Array([1, 2, 3]);
    await sink.write(whole, true);
    await sink.write(bigger.subarray(1, 3), true);
    await sink.write(kept.subarray(1), false);
    await sink.close();
    await sw.until(4);
    expect(bytesOf(sw.got)).toEqual([5, 6, 8, 9, 2, 3]);
    expect(whole.buffer.byteLength).toBe(0); // transferred: detached here
    expect(bigger.buffer.byteLength).toBe(0); // the whole buffer went; only the view's bytes are the download's
    expect(kept).toEqual(new Uint8Array([1, 2, 3])); // not handed over: copied, left as it was
    port2.close();
  });

  it("a cancel releases a write waiting on a download that stopped taking bytes", async () => {
    const { port1, port2 } = new MessageChannel();
    serviceWorker(port2); // takes the bytes, never acknowledges them
    const controller = new AbortController();
    const sink = streamBytes(port1, controller.signal);
    await sink.write(new Uint8Array(WINDOW_BYTES));
    const waiting = sink.write(new Uint8Array(1));
    const outcome = waiting.then(
      () => "written",
      (e: Error) => e.message,
    );
    await tick();
    controller.abort();
    expect(await outcome).toBe("cancelled");
    port2.close();
  });

  it("takes the small window for wide conversions, the large one for narrow", () => {
    expect(windowFor(384 * 1e6)).toBe(WIDE_WINDOW_BYTES);
    expect(windowFor(2 * 1e6)).toBe(WINDOW_BYTES);
    expect(WIDE_WINDOW_BYTES).toBeLessThan(WINDOW_BYTES);
  });

  it.each([WINDOW_BYTES, WIDE_WINDOW_BYTES])(
    "waits while the download lags: never more than %i bytes on their way",
    async (window) => {
      const { port1, port2 } = new MessageChannel();
      const sw = serviceWorker(port2);
      const sink = streamBytes(port1, undefined, window);
      const chunk = 1 << 20;
      let written = 0;
      const writing = (async () => {
        for (let i = 0; i < 64; i++) {
          await sink.write(new Uint8Array(chunk));
          written++;
        }
        await sink.close();
      })();
      await tick();
      expect(written).toBe(window / chunk);
      // The download takes chunks one by one: the writer follows.
      for (let taken = 0; taken < 64; taken++) {
        await sw.until(taken + 1);
        expect(written - taken).toBeLessThanOrEqual(window / chunk);
        sw.answer({ type: "ack", bytes: chunk });
      }
      await writing;
      expect(sw.got.reduce((n, m) => n + (m.type === "bytes" ? m.bytes.length : 0), 0)).toBe(64 * chunk);
      port2.close();
    },
  );

  it("an abort tells the service worker, which fails the download", async () => {
    const { port1, port2 } = new MessageChannel();
    const sw = serviceWorker(port2);
    const sink = streamBytes(port1);
    await sink.write(new Uint8Array(1));
    await sink.abort("the conversion stopped");
    await sw.until(2);
    expect(sw.got[1]).toEqual({ type: "abort", reason: "the conversion stopped" });
  });

  it("a download stopped in the browser fails the next write, even one waiting for room", async () => {
    const { port1, port2 } = new MessageChannel();
    const sw = serviceWorker(port2);
    const sink = streamBytes(port1);
    await sink.write(new Uint8Array(WINDOW_BYTES));
    const waiting = sink.write(new Uint8Array(1));
    sw.answer({ type: "stop" });
    await expect(waiting).rejects.toThrow(/the browser stopped the download/);
    await expect(sink.close()).rejects.toThrow(/the browser stopped the download/);
    port2.close();
  });

  it("keeps the buffers the download gives back, for later files: the smallest that holds them", async () => {
    const { port1, port2 } = new MessageChannel();
    const sw = serviceWorker(port2);
    const sink = streamBytes(port1);
    expect(sink.spare(1000)).toBeUndefined();
    // Until the sink has been handed all four acks (a listener beside its own sees each in the same dispatch): a
    // fixed wait was too short for them on a loaded machine.
    let delivered = 0;
    const allDelivered = new Promise<void>((done) =>
      port1.addEventListener("message", () => ++delivered === 4 && done()),
    );
    for (const size of [1000, 1000, 500]) {
      const back = new Uint8Array(size).fill(size & 0xff);
      port2.postMessage({ type: "ack", bytes: 0, back } satisfies FromServiceWorker, [back.buffer]);
    }
    port2.postMessage({ type: "ack", bytes: 0 } satisfies FromServiceWorker);
    await allDelivered;
    const a = sink.spare(1000);
    const b = sink.spare(1000);
    expect([a?.byteLength, b?.byteLength]).toEqual([1000, 1000]);
    expect(a).not.toBe(b);
    expect(sink.spare(1000)).toBeUndefined();
    expect(sink.spare(400)?.byteLength).toBe(500); // at least the size asked for
    expect(sink.spare(1)).toBeUndefined();
    // Written back into, a spare travels whole again (transferred, not copied).
    const again = new Uint8Array(a!).fill(9);
    await sink.write(again, true);
    await sw.until(1);
    expect(again.byteLength).toBe(0);
    port2.close();
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";

// The page's watchdog deadline is read once, when bridge.ts loads: each case loads it afresh under its own address.
async function deadlineAt(search: string | undefined): Promise<number> {
  vi.resetModules();
  if (search !== undefined) vi.stubGlobal("location", { search });
  return (await import("./bridge")).DEADLINE_MS;
}

afterEach(() => vi.unstubAllGlobals());

describe("the page's watchdog deadline", () => {
  // e2e/frozen-file.spec.ts sets its deadlines short through ?watchdog=: the default the page runs with is here.
  it("is 20 s unless the address says otherwise", async () => {
    expect(await deadlineAt(undefined)).toBe(20_000);
    expect(await deadlineAt("")).toBe(20_000);
    expect(await deadlineAt("?other=1")).toBe(20_000);
  });

  it("is ?watchdog=<seconds> when that is a positive number", async () => {
    expect(await deadlineAt("?watchdog=2")).toBe(2_000);
    expect(await deadlineAt("?watchdog=0.5")).toBe(500);
    expect(await deadlineAt("?watchdog=0")).toBe(20_000);
    expect(await deadlineAt("?watchdog=soon")).toBe(20_000);
  });
});

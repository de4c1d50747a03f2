import { describe, expect, it } from "vitest";
import type { ChannelMetadata } from "../convert/plan";
import type { PennsieveApi } from "./api";
import { CREATING_AT_ONCE, matchChannels, type LocalChannel } from "./channels";

const local = (index: number, name: string): LocalChannel => ({
  index,
  metadata: {
    name,
    start: 0,
    end: 1,
    unit: "uV",
    rate: 30000,
    type: "CONTINUOUS",
    group: "g",
    lastAnnotation: 0,
    properties: [],
  } satisfies ChannelMetadata,
});

/** An API whose channel creations answer after a turn of the event loop, counting how many wait at once. */
function fakeApi(existing: string[], failOn?: string) {
  const seen = { inFlight: 0, most: 0, created: [] as string[] };
  const api = {
    hosts: { api: "https://api.example" },
    get: async () =>
      existing.map((name, i) => ({ content: { id: `old-${i}`, name, rate: 30000, channelType: "CONTINUOUS" } })),
    send: async (_what: string, _method: string, _url: string, body: { name: string }) => {
      seen.inFlight++;
      seen.most = Math.max(seen.most, seen.inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.inFlight--;
      if (body.name === failOn) throw new Error(`refused ${body.name}`);
      seen.created.push(body.name);
      return { content: { id: `new-${body.name}`, name: body.name, rate: 30000 } };
    },
  };
  return { api: api as unknown as PennsieveApi, seen };
}

describe("matchChannels", () => {
  it("reuses matching channels and creates the others a few at a time, each id at its index", async () => {
    const channels = Array.from({ length: 12 }, (_, i) => local(i, `ch${i}`));
    const { api, seen } = fakeApi(["CH1", "ch4", "ch9"]);
    const { ids, created, reused } = await matchChannels(api, "N:package:1", channels);
    expect([created, reused]).toEqual([9, 3]);
    expect(seen.most).toBe(CREATING_AT_ONCE);
    expect(ids.get(1)).toBe("old-0");
    expect(ids.get(4)).toBe("old-1");
    expect(ids.get(9)).toBe("old-2");
    for (const i of [0, 2, 3, 5, 6, 7, 8, 10, 11]) expect(ids.get(i)).toBe(`new-ch${i}`);
  });

  it("fails with the first refusal, and starts no creation after it", async () => {
    const channels = Array.from({ length: 20 }, (_, i) => local(i, `ch${i}`));
    const { api, seen } = fakeApi([], "ch2");
    await expect(matchChannels(api, "N:package:1", channels)).rejects.toThrow("refused ch2");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen.created.length).toBeLessThan(2 * CREATING_AT_ONCE);
  });
});

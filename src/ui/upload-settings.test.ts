import { describe, expect, it } from "vitest";
import { emptySettings, KEY, loadSettings, missingForUpload, saveSettings } from "./upload-settings";

/** Node has no localStorage: the Web Storage interface over a Map, enough for what the settings call. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, String(value));
  }
}

const filled = {
  ...emptySettings(),
  api: "https://proxy.example/api",
  apiKey: "key",
  apiSecret: "secret",
  sessionToken: "token",
  datasetId: "N:dataset:1",
  packageId: "N:package:2",
};

describe("upload settings", () => {
  it("stores nothing unless Remember is ticked, and removes what was kept when it is unticked", () => {
    const storage = new MemoryStorage();
    saveSettings(filled, storage);
    expect(storage.length).toBe(0);
    saveSettings({ ...filled, remember: true }, storage);
    const kept = storage.getItem(KEY)!;
    expect(kept).toContain("https://proxy.example/api");
    expect(kept).toContain("N:package:2");
    expect(kept).not.toContain("secret");
    expect(kept).not.toContain("token");
    expect(loadSettings(storage)).toMatchObject({ api: filled.api, apiKey: "key", apiSecret: "", remember: true });
    saveSettings({ ...filled, remember: false }, storage);
    expect(storage.length).toBe(0);
  });

  it("drops hosts an earlier version kept without the opt-in", () => {
    const storage = new MemoryStorage();
    storage.setItem(KEY, JSON.stringify({ api: "https://old.example", remember: false }));
    expect(loadSettings(storage)).toEqual(emptySettings());
    expect(storage.length).toBe(0);
  });

  it("says what the upload still needs, in the form's words", () => {
    expect(missingForUpload(emptySettings())).toEqual([
      "API key and secret, or a session token",
      "dataset and package, or a workflow run",
    ]);
    expect(missingForUpload({ ...emptySettings(), apiKey: "k", packageId: "p" })).toEqual(["API secret", "dataset"]);
    expect(missingForUpload({ ...emptySettings(), sessionToken: "t", workflowRunId: "r" })).toEqual([]);
    expect(missingForUpload({ ...filled, api2: " " })).toEqual(["API2 host"]);
  });
});

import h5wasm from "h5wasm";
import type { ByteSource } from "./byte-source";
import { createSourceFs } from "./source-fs";

export type H5Module = Awaited<typeof h5wasm.ready>;

/** Filter plugins shipped by h5wasm-plugins that NWB writers use (Blosc, LZ4, Zstd, Bitshuffle, BZip2, LZF). */
export const PLUGIN_NAMES = ["blosc", "blosc2", "lz4", "zstd", "bshuf", "bz2", "lzf"] as const;

/** HDF5 filter ids each plugin provides. */
const PLUGIN_FILTERS: Record<(typeof PLUGIN_NAMES)[number], number> = {
  blosc: 32001,
  blosc2: 32026,
  lz4: 32004,
  zstd: 32015,
  bshuf: 32008,
  bz2: 307,
  lzf: 32000,
};

/** Filters built into HDF5 itself: deflate, shuffle, fletcher32, szip, nbit, scaleoffset. */
const BUILT_IN_FILTERS = [1, 2, 3, 4, 5, 6];

/** Filter ids that can be decoded here; a plugin that failed to load is left out, so reads can name it. */
export const availableFilters = new Set<number>(BUILT_IN_FILTERS);
export type PluginLoader = (fileName: string) => Promise<Uint8Array>;

const PLUGIN_DIR = "/h5plugins";

let ready: Promise<H5Module> | null = null;

/**
 * Starts h5wasm once: the throwing error handler (without it a missing
 * filter yields garbage values instead of an error), and the filter
 * plugins written into the in-memory file system where HDF5 looks for them.
 */
export function initH5(loadPlugin: PluginLoader): Promise<H5Module> {
  ready ??= (async () => {
    const module = await h5wasm.ready;
    module.activate_throwing_error_handler();
    module.FS.mkdirTree(PLUGIN_DIR);
    for (const name of PLUGIN_NAMES) {
      const file = `libH5Z${name}.so`;
      try {
        module.FS.writeFile(`${PLUGIN_DIR}/${file}`, await loadPlugin(file));
        availableFilters.add(PLUGIN_FILTERS[name]);
      } catch {
        // Files using this filter will report it as missing when read.
      }
    }
    module.insert_plugin_search_path(PLUGIN_DIR, 0);
    return module;
  })();
  return ready;
}

let mountCount = 0;

/** Mounts sources side by side in a fresh folder, so external links find each other by name; returns the folder. */
export function mountSources(module: H5Module, sources: ByteSource[]): { dir: string; unmount(): void } {
  const FS = module.FS;
  const sourceFs = createSourceFs(FS);
  const dir = `/sets/${++mountCount}`;
  FS.mkdirTree(dir);
  // Emscripten's mount takes any object with a mount(); h5wasm's typing wants a full FileSystemType.
  FS.mount(
    sourceFs as unknown as Parameters<typeof FS.mount>[0],
    { sources } as unknown as Parameters<typeof FS.mount>[1],
    dir,
  );
  return {
    dir,
    unmount() {
      FS.unmount(dir);
      FS.rmdir(dir);
    },
  };
}

export { h5wasm };

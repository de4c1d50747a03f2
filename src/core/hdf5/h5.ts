import h5wasm, { type Dataset } from "h5wasm";
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

/** Filter ids that can be decoded here: the built-in ones, and each plugin's once it is in place (see `pluginsFor`). */
export const availableFilters = new Set<number>(BUILT_IN_FILTERS);
/**
 * Reads a plugin's bytes, synchronously: the reads that need it are synchronous (HDF5 loads a plugin in the middle
 * of a read), so the page's worker uses a blocking request, the CLI reads the file.
 */
export type PluginLoader = (fileName: string) => Uint8Array;

const PLUGIN_DIR = "/h5plugins";

let ready: Promise<H5Module> | null = null;
let plugins: { module: H5Module; load: PluginLoader; tried: Set<number> } | null = null;

/**
 * Starts h5wasm once: the throwing error handler (without it a missing filter yields garbage values instead of an
 * error), and the folder where HDF5 looks for filter plugins. The plugins themselves come when a dataset needs one
 * (`pluginsFor`): 3.4 MB that each of the page's workers fetched and held, though most files use none of them.
 */
export function initH5(loadPlugin: PluginLoader): Promise<H5Module> {
  ready ??= (async () => {
    const module = await h5wasm.ready;
    module.activate_throwing_error_handler();
    module.FS.mkdirTree(PLUGIN_DIR);
    module.insert_plugin_search_path(PLUGIN_DIR, 0);
    plugins = { module, load: loadPlugin, tried: new Set() };
    return module;
  })();
  return ready;
}

const PLUGIN_OF_FILTER = new Map<number, string>(Object.entries(PLUGIN_FILTERS).map(([name, id]) => [id, name]));

/**
 * Puts the plugins for the dataset's filters where HDF5 looks, before its data is read. HDF5 searches the plugin
 * folder when a read meets a filter it does not know yet, so a plugin written before that read is found; one that
 * cannot be loaded is tried once and its filter stays unavailable (reads then name it).
 */
export function pluginsFor(ds: Dataset): void {
  let filters: { id: number }[];
  try {
    filters = ds.filters;
  } catch {
    return; // the read will say what is wrong
  }
  placePlugins(filters.map(({ id }) => id));
}

/**
 * Puts the plugins for these filter ids where HDF5 looks (after `initH5`): what `pluginsFor` does for a dataset
 * being read, and what a writer must do before it creates a dataset with a plugin's filter.
 */
export function placePlugins(ids: number[]): void {
  if (!plugins) return;
  for (const id of ids) {
    const name = PLUGIN_OF_FILTER.get(id);
    if (!name || plugins.tried.has(id)) continue;
    plugins.tried.add(id);
    const file = `libH5Z${name}.so`;
    try {
      plugins.module.FS.writeFile(`${PLUGIN_DIR}/${file}`, plugins.load(file));
      availableFilters.add(id);
    } catch {
      // Files using this filter will report it as missing when read.
    }
  }
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

/** The names of the zips the page makes, and of the folders inside a zip of several files. */

/** A file's name without its HDF5 extension: its zip's name, and its folder in a zip of several files. */
export const fileStem = (file: string) => file.replace(/\.(nwb|h5|hdf5)$/i, "");

/** The zip of one file: `sine2.nwb` → `sine2-pennsieve.zip`. */
export const zipName = (file: string) => `${fileStem(file)}-pennsieve.zip`;

/** The one zip of "Convert all" with a folder per file. */
export const oneZipName = (count: number) => `nwb2pennsieve-${count}-files-pennsieve.zip`;

/**
 * Each file's folder: its name without the extension, made unique with " (2)", " (3)" when two names agree (files
 * of the same name may be open in different sets).
 */
export function folderNames(files: string[]): string[] {
  const used = new Set<string>();
  return files.map((file) => {
    const stem = fileStem(file) || "file";
    let name = stem;
    for (let n = 2; used.has(name); n++) name = `${stem} (${n})`;
    used.add(name);
    return name;
  });
}

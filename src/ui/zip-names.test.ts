import { describe, expect, it } from "vitest";
import { fileStem, folderNames, oneZipName, zipName } from "./zip-names";

describe("zip names", () => {
  it("names a file's zip and folder by the file without its HDF5 extension", () => {
    expect(zipName("sine2.nwb")).toBe("sine2-pennsieve.zip");
    expect(fileStem("rec.session.H5")).toBe("rec.session");
    expect(fileStem("notes.txt")).toBe("notes.txt");
    expect(oneZipName(3)).toBe("nwb2pennsieve-3-files-pennsieve.zip");
  });

  it("keeps folders apart when two files have the same name", () => {
    expect(folderNames(["a.nwb", "b.nwb", "a.nwb", "a.h5", ".nwb"])).toEqual(["a", "b", "a (2)", "a (3)", "file"]);
  });
});

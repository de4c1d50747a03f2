/** Hands a finished zip to the browser as a download without reading it into memory. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL; give the browser time before revoking.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The origin-private file system is where big zips are written (no size limit, nothing in memory). */
export async function hasOpfs(): Promise<boolean> {
  try {
    await navigator.storage.getDirectory();
    return true;
  } catch {
    return false;
  }
}

export async function opfsFile(fileName: string): Promise<File> {
  const root = await navigator.storage.getDirectory();
  return (await root.getFileHandle(fileName)).getFile();
}

type SavePicker = (options: {
  suggestedName: string;
  types: { description: string; accept: Record<string, string[]> }[];
}) => Promise<FileSystemFileHandle>;

export function savePicker(): SavePicker | null {
  const picker = (window as unknown as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
  return picker ? picker.bind(window) : null;
}

export type ReadProgress = (loaded: number, total: number) => void;

/**
 * Reads a chosen file in the browser, reporting progress as it goes (large
 * PDFs take a moment on slow disks and phones).
 */
export function readFile(file: Blob, as: "text", onProgress?: ReadProgress): Promise<string>;
export function readFile(file: Blob, as: "arrayBuffer", onProgress?: ReadProgress): Promise<ArrayBuffer>;
export function readFile(file: Blob, as: "text" | "arrayBuffer", onProgress?: ReadProgress): Promise<string | ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded, event.total);
    };
    reader.onerror = () => reject(new Error("The file could not be read. Check that it is still there and try again."));
    reader.onload = () => {
      const result = reader.result;
      if (result === null) reject(new Error("The file could not be read. Check that it is still there and try again."));
      else {
        onProgress?.(file.size, file.size);
        resolve(result);
      }
    };
    if (as === "text") reader.readAsText(file);
    else reader.readAsArrayBuffer(file);
  });
}

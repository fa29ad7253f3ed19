/**
 * Base64 of a file's bytes, for JSON uploads. Converted in slices: spreading
 * a multi-megabyte array into String.fromCharCode overflows the call stack.
 */
export function base64FromArrayBuffer(buffer: ArrayBuffer | Uint8Array): string {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  const sliceSize = 0x8000;
  let binary = "";
  for (let start = 0; start < bytes.length; start += sliceSize) {
    binary += String.fromCharCode(...bytes.subarray(start, start + sliceSize));
  }
  return btoa(binary);
}

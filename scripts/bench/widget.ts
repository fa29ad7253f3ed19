import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

/** Gzip size (level 9) of the built widget bundle, or null when it has not been built. */
export function widgetGzipBytes(file: string): number | null {
  if (!existsSync(file)) return null;
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

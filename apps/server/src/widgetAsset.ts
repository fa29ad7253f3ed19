import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";

export interface WidgetAsset {
  body: Buffer;
  gzipped: Buffer;
  /** First 12 hex digits of the content's sha256: the immutable URL /widget.<hash>.js. */
  hash: string;
}

/**
 * The built widget (apps/widget/dist/widget.js), read again only when the
 * file changes, so a rebuild shows without restarting the server.
 */
export function createWidgetAssetLoader(file: string): () => WidgetAsset | null {
  let cached: { mtimeMs: number; asset: WidgetAsset } | null = null;
  return () => {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return null;
    }
    if (cached?.mtimeMs === mtimeMs) return cached.asset;
    const body = readFileSync(file);
    const asset = { body, gzipped: gzipSync(body, { level: 9 }), hash: createHash("sha256").update(body).digest("hex").slice(0, 12) };
    cached = { mtimeMs, asset };
    return asset;
  };
}

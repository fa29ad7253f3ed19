import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const outfile = path.join(here, "dist/widget.js");

// One classic script, no module loader: it must run from a plain <script async> on any shop page.
await build({
  entryPoints: [path.join(here, "src/index.ts")],
  outfile,
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2019",
  legalComments: "none",
  charset: "utf8",
});
const body = readFileSync(outfile);
console.log(`widget: ${body.length} bytes, ${gzipSync(body, { level: 9 }).length} bytes gzip -> ${path.relative(process.cwd(), outfile)}`);

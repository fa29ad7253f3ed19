import { config } from "zod";

// zod compiles object parsers with `new Function` when it can, and finds out
// by trying one. The dashboard's Content-Security-Policy has no 'unsafe-eval':
// the try fails (zod falls back) but the browser reports a CSP violation on
// every page that parses a flow. Parse without the compiler from the start.
// Imported first by main.tsx, before any schema runs.
config({ jitless: true });

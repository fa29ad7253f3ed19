import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createTestServices } from "@chatwright/api/testing";
import { buildApp, type AppOptions } from "../src/app";

// Issue #13: the dashboard cannot be framed and runs only its own scripts; what shops embed stays embeddable.
let db: MigratedTestDatabase;
let app: FastifyInstance;
let behindProxy: FastifyInstance;
let base: string;
let proxiedBase: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const dashboardDir = await mkdtemp(path.join(tmpdir(), "cw-dash-"));
  await writeFile(path.join(dashboardDir, "index.html"), '<!doctype html><title>Chatwright</title><div id=root></div><script type="module" src="/assets/index-abc.js"></script>');
  await mkdir(path.join(dashboardDir, "assets"));
  await writeFile(path.join(dashboardDir, "assets", "index-abc.js"), "console.log('dashboard');");
  const widgetFile = path.join(await mkdtemp(path.join(tmpdir(), "cw-widget-")), "widget.js");
  await writeFile(widgetFile, "window.Chatwright = {};\n");
  const options: AppOptions = { services: createTestServices(db), databaseKind: db.kind, dashboardDir, logLevel: "silent", widgetFile, demoBotKey: () => "pk_demo_headers" };
  app = await buildApp(options);
  base = await app.listen({ port: 0, host: "127.0.0.1" });
  behindProxy = await buildApp({ ...options, trustProxy: true });
  proxiedBase = await behindProxy.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await app.close();
  await behindProxy.close();
  await db.close();
});

const html = { accept: "text/html" };

describe("the dashboard's pages", () => {
  it("carry a CSP allowing only the dashboard's own scripts, forbid framing, and never sniff types", async () => {
    for (const url of [`${base}/`, `${base}/w/123/bots/456/builder`, `${base}/sign-in`]) {
      const page = await fetch(url, { headers: html });
      expect(page.status, url).toBe(200);
      const csp = page.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain("unsafe-eval");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(page.headers.get("x-frame-options")).toBe("DENY");
      expect(page.headers.get("x-content-type-options")).toBe("nosniff");
      expect(page.headers.get("referrer-policy")).toBe("same-origin");
      expect(page.headers.get("strict-transport-security")).toBeNull();
    }
    const script = await fetch(`${base}/assets/index-abc.js`);
    expect(script.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("API responses", () => {
  it("forbid framing and running anything, refusals and errors included", async () => {
    const responses = [
      await fetch(`${base}/trpc/auth.me`, { headers: { "sec-fetch-site": "same-origin" } }),
      await fetch(`${base}/trpc/auth.signUp`, { method: "POST", headers: { "content-type": "application/json", origin: "https://evil.test" }, body: "{}" }),
      await fetch(`${base}/api/v1/nope`),
      await fetch(`${base}/healthz`),
    ];
    for (const response of responses) {
      expect(response.headers.get("content-security-policy"), response.url).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get("x-content-type-options"), response.url).toBe("nosniff");
      expect(response.headers.get("referrer-policy"), response.url).toBe("same-origin");
    }
  });
});

describe("what shops embed", () => {
  it("/widget.js stays loadable from any site and carries no framing ban or CSP", async () => {
    const script = await fetch(`${base}/widget.js`, { headers: { origin: "https://shop.test", "sec-fetch-site": "cross-site" } });
    expect(script.status).toBe(200);
    expect(script.headers.get("access-control-allow-origin")).toBe("*");
    expect(script.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(script.headers.get("x-content-type-options")).toBe("nosniff");
    expect(script.headers.get("content-security-policy")).toBeNull();
    expect(script.headers.get("x-frame-options")).toBeNull();
    const pinned = await fetch(`${base}/widget.${script.headers.get("x-widget-hash") ?? ""}.js`);
    expect(pinned.status).toBe(200);
    expect(pinned.headers.get("content-security-policy")).toBeNull();
  });

  it("/demo, a shop page, may be framed", async () => {
    const demo = await fetch(`${base}/demo`);
    expect(demo.status).toBe(200);
    expect(demo.headers.get("x-frame-options")).toBeNull();
    expect(demo.headers.get("content-security-policy") ?? "").not.toContain("frame-ancestors");
    expect(demo.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("HSTS", () => {
  it("is sent only when the request came over https (X-Forwarded-Proto from a trusted proxy)", async () => {
    const overHttps = await fetch(`${proxiedBase}/`, { headers: { ...html, "x-forwarded-proto": "https" } });
    expect(overHttps.headers.get("strict-transport-security")).toBe("max-age=15552000");
    const api = await fetch(`${proxiedBase}/healthz`, { headers: { "x-forwarded-proto": "https" } });
    expect(api.headers.get("strict-transport-security")).toBe("max-age=15552000");
    const overHttp = await fetch(`${proxiedBase}/`, { headers: html });
    expect(overHttp.headers.get("strict-transport-security")).toBeNull();
    // Without TRUST_PROXY the header is anyone's to send: not believed.
    const untrusted = await fetch(`${base}/`, { headers: { ...html, "x-forwarded-proto": "https" } });
    expect(untrusted.headers.get("strict-transport-security")).toBeNull();
  });
});

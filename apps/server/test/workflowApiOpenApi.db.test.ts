import type { FastifyInstance } from "fastify";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createTestServices } from "@chatwright/api/testing";
import { buildApp } from "../src/app";
import { listWorkflowApiRoutes } from "../src/workflowApi";

// The document integrators import is generated from the validating schemas; here it is read
// over HTTP without a key, checked against the OpenAPI 3.1 schema, and compared route by route
// with what the server registered under /api/v1.
let db: MigratedTestDatabase;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  db = await createTestDatabase({ maxConnections: 2 });
  app = await buildApp({ services: createTestServices(db), databaseKind: db.kind, dashboardDir: "/nonexistent", logLevel: "silent" });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

async function readDocument() {
  const response = await fetch(`${base}/api/v1/openapi.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  return (await response.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, Record<string, { parameters: { name: string; in: string }[]; requestBody?: unknown; security?: unknown }>>; components: { securitySchemes: Record<string, unknown> } };
}

describe("GET /api/v1/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document, readable without a key", async () => {
    const document = await readDocument();
    expect(document.openapi).toBe("3.1.0");
    expect(document.servers[0]?.url).toBe(`${base}/api/v1`);
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(document.components.securitySchemes).toEqual({ apiKey: expect.objectContaining({ type: "http", scheme: "bearer" }) });
  });

  it("lists exactly the routes the server registers under /api/v1", async () => {
    const document = await readDocument();
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} /api/v1${path.replace(/\{(\w+)\}/g, ":$1")}`))
      .sort();
    const registered = listWorkflowApiRoutes(app)
      .filter((route) => route.url !== "/api/v1/openapi.json")
      .map((route) => `${route.method} ${route.url}`)
      .sort();
    expect(registered.length).toBeGreaterThan(0);
    expect(documented).toEqual(registered);
  });

  it("describes the parameters and bodies with the validating schemas' rules", async () => {
    const document = await readDocument();
    const send = document.paths["/conversations/{conversationId}/messages"]?.["post"];
    expect(send?.parameters).toEqual([expect.objectContaining({ name: "conversationId", in: "path", required: true, schema: expect.objectContaining({ format: "uuid" }) })]);
    expect(send?.requestBody).toMatchObject({ required: true, content: { "application/json": { schema: { required: ["text"], properties: { text: { maxLength: 4000 } }, additionalProperties: false } } } });
    const list = document.paths["/conversations/{conversationId}/messages"]?.["get"];
    expect(list?.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(["path:conversationId", "query:after", "query:limit"]);
  });

  it("is not behind the API key, while the other routes are", async () => {
    expect((await fetch(`${base}/api/v1/openapi.json`)).status).toBe(200);
    expect((await fetch(`${base}/api/v1/conversations/00000000-0000-4000-8000-000000000000/messages`)).status).toBe(401);
  });
});

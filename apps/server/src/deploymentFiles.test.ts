import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { repoRoot } from "@chatwright/db";
import { SERVER_ENV_NAMES } from "./env";

// Docker may not run where the tests do: these keep docker-compose.yml, the Caddyfile and the
// Dockerfile honest about the server they deploy (docs/operations.md, "Containers").
const readRepoFile = (name: string) => readFile(path.join(repoRoot, name), "utf8");

/** Compose-level settings the file reads for the proxy and the database, not the server's. */
const COMPOSE_ONLY = ["DOMAIN", "ACME_EMAIL", "POSTGRES_PASSWORD", "CHATWRIGHT_TAG"];

const serviceSchema = z.object({
  image: z.string().optional(),
  build: z.unknown().optional(),
  environment: z.record(z.string(), z.string()).optional(),
  healthcheck: z.object({ test: z.array(z.string()) }).optional(),
  volumes: z.array(z.string()).optional(),
});
const composeSchema = z.object({ services: z.record(z.string(), serviceSchema) });

async function readCompose() {
  return composeSchema.parse(parse(await readRepoFile("docker-compose.yml"), { merge: true }));
}

/** `${NAME}`, `${NAME:-default}`, `${NAME:?message}` -> NAME */
const referencedVariables = (text: string) => [...text.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((match) => match[1]);

describe("docker-compose.yml", () => {
  it("parses, and runs two app replicas from this repository's image beside PostgreSQL, Redis and Caddy", async () => {
    const compose = await readCompose();
    expect(Object.keys(compose.services).sort()).toEqual(["app-1", "app-2", "caddy", "postgres", "redis"]);
    for (const name of ["app-1", "app-2"]) {
      expect(compose.services[name]?.build).toBe(".");
      expect(compose.services[name]?.environment?.["REDIS_URL"]).toBe("redis://redis:6379");
      expect(compose.services[name]?.environment?.["DATABASE_URL"]).toMatch(/^postgresql:\/\/chatwright:\$\{POSTGRES_PASSWORD[^}]*\}@postgres:5432\/chatwright$/);
    }
    expect(compose.services["app-1"]?.environment).toEqual(compose.services["app-2"]?.environment);
    expect(compose.services["caddy"]?.volumes).toContain("./deploy/Caddyfile:/etc/caddy/Caddyfile:ro");
  });

  it("gives the app only variables apps/server/src/env.ts reads, from the environment", async () => {
    const compose = await readCompose();
    const environment = compose.services["app-1"]?.environment ?? {};
    const unknown = Object.keys(environment).filter((name) => !SERVER_ENV_NAMES.includes(name));
    expect(unknown).toEqual([]);
    const text = await readRepoFile("docker-compose.yml");
    const notRead = referencedVariables(text).filter((name) => name !== undefined && !SERVER_ENV_NAMES.includes(name) && !COMPOSE_ONLY.includes(name));
    expect(notRead).toEqual([]);
    // Secrets come from the environment, never written in the file.
    for (const name of ["SECRETS_KEY", "OPENROUTER_API_KEY", "STRIPE_SECRET_KEY", "SMTP_URL", "METRICS_TOKEN"]) {
      expect(environment[name]).toMatch(new RegExp(`^\\$\\{${name}[:?-]`));
    }
  });

  it("sends the Caddyfile's proxy to both replicas, checked on /healthz, and keeps /metrics off the internet", async () => {
    const caddyfile = await readRepoFile("deploy/Caddyfile");
    expect(caddyfile).toMatch(/reverse_proxy app-1:3000 app-2:3000/);
    expect(caddyfile).toMatch(/health_uri \/healthz/);
    expect(caddyfile).toMatch(/@metrics path \/metrics\s+respond @metrics 404/);
    for (const name of referencedVariables(caddyfile.replaceAll("{$", "${"))) expect(COMPOSE_ONLY).toContain(name);
  });
});

describe("Dockerfile", () => {
  it("builds in a stage of its own, runs as the node user and checks /healthz", async () => {
    const dockerfile = await readRepoFile("Dockerfile");
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^FROM \S+ AS build$/m);
    expect(dockerfile).toMatch(/^COPY --from=build /m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev/m);
    // Its ENV lines name only what the server reads (and build tools' switches in the build stage).
    const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
    const runtimeEnv = [...runtimeStage.matchAll(/^ENV (.+)$/gm)].flatMap((match) => [...(match[1] ?? "").matchAll(/([A-Z_]+)=/g)].map((name) => name[1]));
    expect(runtimeEnv.filter((name) => name !== undefined && !SERVER_ENV_NAMES.includes(name))).toEqual([]);
  });
});

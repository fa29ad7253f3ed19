import { existsSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import fastifyWebsocket from "@fastify/websocket";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import { appRouter, type ApiServices, type AppRouter, type Context } from "@chatwright/api";
import type { DatabaseKind } from "@chatwright/db";

export const SESSION_COOKIE = "cw_session";

export interface AppOptions {
  services: ApiServices;
  databaseKind: DatabaseKind;
  /** Built dashboard (apps/dashboard/dist); served at `/` when present. */
  dashboardDir: string;
  logLevel?: string;
  trustProxy?: boolean;
  forceSecureCookies?: boolean;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel ?? "info", redact: ["req.headers.cookie", "res.headers['set-cookie']"] },
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 5000 },
  });

  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  // Requests still running when shutdown starts get `Connection: close`, so
  // their keep-alive sockets end with the response and close() can finish.
  let isClosing = false;
  app.addHook("preClose", async () => {
    isClosing = true;
  });
  app.addHook("onSend", async (_req, reply) => {
    if (isClosing) reply.header("connection", "close");
  });

  app.get("/healthz", async () => ({ ok: true, db: options.databaseKind }));

  // HTTP calls bring a FastifyRequest; WebSocket connections bring the raw
  // upgrade request (no parsed cookies, no fastify helpers).
  const createContext = ({ req, res }: { req: FastifyRequest | IncomingMessage; res: FastifyReply | unknown }): Context => {
    const reply = isReply(res) ? res : null;
    const isFastify = "cookies" in req;
    const protocol = isFastify ? req.protocol : "encrypted" in req.socket ? "https" : "http";
    const isHttps = protocol === "https";
    const cookies = isFastify ? req.cookies : fastifyCookie.parse(req.headers.cookie ?? "");
    return {
      ...options.services,
      request: {
        ip: isFastify ? req.ip : (req.socket.remoteAddress ?? "unknown"),
        userAgent: req.headers["user-agent"] ?? null,
        origin: req.headers.origin ?? null,
        selfOrigin: `${protocol}://${isFastify ? req.host : (req.headers.host ?? "")}`,
        fetchSite: headerValue(req.headers["sec-fetch-site"]),
      },
      cookies: {
        read: () => cookies[SESSION_COOKIE] ?? null,
        set: (token, expiresAt) => {
          reply?.setCookie(SESSION_COOKIE, token, {
            httpOnly: true,
            sameSite: "lax",
            secure: isHttps || (options.forceSecureCookies ?? false),
            path: "/",
            expires: expiresAt,
          });
        },
        clear: () => {
          reply?.clearCookie(SESSION_COOKIE, { path: "/" });
        },
      },
    };
  };

  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    useWSS: true,
    trpcOptions: {
      keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
      router: appRouter,
      createContext,
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR") app.log.error({ err: error.cause ?? error, path }, "tRPC procedure failed");
      },
    },
  } satisfies FastifyTRPCPluginOptions<AppRouter>);

  const hasDashboard = existsSync(path.join(options.dashboardDir, "index.html"));
  if (hasDashboard) {
    await app.register(fastifyStatic, { root: options.dashboardDir, wildcard: true, index: ["index.html"] });
  }
  app.setNotFoundHandler((req, reply) => {
    const isPage = req.method === "GET" && !req.url.startsWith("/trpc") && (req.headers.accept ?? "").includes("text/html");
    if (!isPage) return reply.code(404).send({ error: "Not found" });
    if (!hasDashboard) {
      return reply.code(503).type("text/plain").send("The dashboard is not built yet. Run `npm start` (it builds it) or `npm run build`.");
    }
    // Single-page app: every page URL is index.html; the client routes.
    return reply.sendFile("index.html");
  });

  return app;
}

function isReply(value: unknown): value is FastifyReply {
  return typeof value === "object" && value !== null && "setCookie" in value;
}

function headerValue(value: string | string[] | undefined): string | null {
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

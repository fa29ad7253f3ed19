import { existsSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import fastifyWebsocket from "@fastify/websocket";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import { appRouter, authorizeWidgetRequest, type ApiServices, type AppRouter, type Context, type WorkflowApiDeps } from "@chatwright/api";
import type { DatabaseKind } from "@chatwright/db";
import { renderDemoPage } from "./demo";
import { registerStripeWebhook } from "./stripeWebhook";
import { createWidgetAssetLoader } from "./widgetAsset";
import { registerWorkflowApi } from "./workflowApi";

export const SESSION_COOKIE = "cw_session";

export interface AppOptions {
  services: ApiServices;
  databaseKind: DatabaseKind;
  /** Built dashboard (apps/dashboard/dist); served at `/` when present. */
  dashboardDir: string;
  logLevel?: string;
  trustProxy?: boolean;
  forceSecureCookies?: boolean;
  /** Built widget script (apps/widget/dist/widget.js); served at /widget.js when present. */
  widgetFile?: string;
  /** The demo bot's public key once it exists; /demo is served while this returns one. */
  demoBotKey?: () => string | null;
  /** Calls per API key of the workflow API (/api/v1). Default: DEFAULT_API_KEY_RATE_LIMIT. */
  apiKeyRateLimit?: WorkflowApiDeps["rateLimit"];
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel ?? "info", redact: ["req.headers.cookie", "res.headers['set-cookie']"] },
    trustProxy: options.trustProxy ?? false,
    // Knowledge uploads arrive as base64 in tRPC calls: 5 MB files are ~6.7 MB on the wire.
    bodyLimit: 8 * 1024 * 1024,
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

  registerWidgetTransportGuards(app, options.services);
  registerWidgetAssets(app, options);
  await registerStripeWebhook(app, { db: options.services.db, billing: options.services.billing });
  const { db, pool, runtime, now, widget } = options.services;
  await registerWorkflowApi(app, { db, pool, runtime, now, limiter: widget.limiter, ...(options.apiKeyRateLimit ? { rateLimit: options.apiKeyRateLimit } : {}) });

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

/**
 * Widget calls come from shops' pages on other origins. HTTP: answer the CORS
 * preflight and expose responses of widget procedures to the calling page
 * (the procedures themselves refuse origins the bot does not allow).
 * WebSocket: a cross-origin upgrade must name its bot (`?bot=KEY`) and come
 * from one of that bot's allowed origins, or it is refused before upgrading.
 */
function registerWidgetTransportGuards(app: FastifyInstance, services: ApiServices) {
  app.addHook("onRequest", async (req, reply) => {
    const origin = req.headers.origin;
    const url = new URL(req.url, "http://local");
    if (url.pathname.startsWith("/trpc/widget.")) {
      if (origin) {
        reply.header("access-control-allow-origin", origin);
        reply.header("vary", "Origin");
      }
      if (req.method === "OPTIONS") {
        return reply
          .code(204)
          .header("access-control-allow-methods", "GET, POST")
          .header("access-control-allow-headers", "content-type, last-event-id")
          .header("access-control-max-age", "600")
          .send();
      }
      return;
    }
    const isUpgrade = (req.headers.upgrade ?? "").toLowerCase() === "websocket";
    if (!isUpgrade || url.pathname !== "/trpc" || !origin) return;
    const selfOrigin = `${req.protocol}://${req.host}`;
    if (origin === selfOrigin || services.trustedOrigins.includes(origin)) return;
    const botKey = url.searchParams.get("bot");
    const refusal = botKey
      ? await authorizeWidgetRequest(services.db, { botKey, origin, allowLocalhostOrigins: services.widget.allowLocalhostOrigins }).then(
          () => null,
          (error: unknown) => (error instanceof Error ? error.message : "Refused."),
        )
      : "A WebSocket from another site must name its bot (?bot=PUBLIC_KEY).";
    if (refusal) return reply.code(403).type("text/plain").send(refusal);
  });
}

/** /widget.js (short cache, the snippet's URL), /widget.<hash>.js (immutable), and the /demo shop page. */
function registerWidgetAssets(app: FastifyInstance, options: AppOptions) {
  const loadWidget = options.widgetFile ? createWidgetAssetLoader(options.widgetFile) : () => null;
  const sendWidget = (req: FastifyRequest, reply: FastifyReply, cacheControl: string) => {
    const asset = loadWidget();
    if (!asset) return reply.code(503).type("text/plain").send("The widget is not built yet. Run `npm run build -w @chatwright/widget`.");
    reply
      .header("content-type", "application/javascript; charset=utf-8")
      .header("cache-control", cacheControl)
      .header("etag", `"${asset.hash}"`)
      .header("x-content-type-options", "nosniff")
      .header("cross-origin-resource-policy", "cross-origin")
      .header("access-control-allow-origin", "*")
      .header("x-widget-hash", asset.hash)
      .header("vary", "Accept-Encoding");
    if (req.headers["if-none-match"] === `"${asset.hash}"`) return reply.code(304).send();
    if ((req.headers["accept-encoding"] ?? "").includes("gzip")) return reply.header("content-encoding", "gzip").send(asset.gzipped);
    return reply.send(asset.body);
  };
  app.get("/widget.js", (req, reply) => sendWidget(req, reply, "public, max-age=300"));
  app.get<{ Params: { hash: string } }>("/widget.:hash", (req, reply) => {
    const { hash } = req.params;
    const asset = loadWidget();
    if (!asset || hash !== `${asset.hash}.js`) return reply.code(404).type("text/plain").send("No widget with this hash. Use /widget.js.");
    return sendWidget(req, reply, "public, max-age=31536000, immutable");
  });
  app.get("/demo", (_req, reply) => {
    const key = options.demoBotKey?.() ?? null;
    if (!key) return reply.code(404).type("text/plain").send("The demo shop is off on this server (DEMO_SHOP=0).");
    return reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(renderDemoPage(key));
  });
}

function isReply(value: unknown): value is FastifyReply {
  return typeof value === "object" && value !== null && "setCookie" in value;
}

function headerValue(value: string | string[] | undefined): string | null {
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

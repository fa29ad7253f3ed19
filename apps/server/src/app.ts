import { existsSync } from "node:fs";
import { STATUS_CODES, type IncomingMessage } from "node:http";
import path from "node:path";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import fastifyWebsocket from "@fastify/websocket";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import {
  appRouter,
  DATABASE_BUSY_MESSAGE,
  authorizeWidgetRequest,
  describeUnexpectedError,
  isDashboardOrigin,
  readErrorId,
  readTryPageBotKeys,
  tryPageOriginFor,
  type ApiServices,
  type AppRouter,
  type Context,
  type WorkflowApiDeps,
} from "@chatwright/api";
import { isPoolWaitTimeout, type DatabaseKind } from "@chatwright/db";
import { registerMetricsRoute, type Metrics } from "./createMetrics";
import { renderDemoPage } from "./demo";
import { registerJsonBodyParser } from "./jsonBodyParser";
import { registerSecurityHeaders } from "./securityHeaders";
import { registerStripeWebhook } from "./stripeWebhook";
import { registerTryPage } from "./tryPage";
import { createWidgetAssetLoader } from "./widgetAsset";
import { registerWorkflowApi } from "./workflowApi";

export const SESSION_COOKIE = "cw_session";

export interface AppOptions {
  services: ApiServices;
  databaseKind: DatabaseKind;
  /** Built dashboard (apps/dashboard/dist); served at `/` when present. */
  dashboardDir: string;
  logLevel?: string;
  /** Where the log is written; default stdout. Tests read it. */
  logStream?: NodeJS.WritableStream;
  trustProxy?: boolean;
  forceSecureCookies?: boolean;
  /** Built widget script (apps/widget/dist/widget.js); served at /widget.js when present. */
  widgetFile?: string;
  /** The demo bot's public key once it exists; /demo is served while this returns one. */
  demoBotKey?: () => string | null;
  /** Calls per API key of the workflow API (/api/v1). Default: DEFAULT_API_KEY_RATE_LIMIT. */
  apiKeyRateLimit?: WorkflowApiDeps["rateLimit"];
  /** GET /metrics for requests with `Authorization: Bearer <token>` (METRICS_TOKEN); unset: no /metrics. */
  metrics?: { metrics: Metrics; token: string } | null;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel ?? "info", redact: ["req.headers.cookie", "res.headers['set-cookie']"], ...(options.logStream ? { stream: options.logStream } : {}) },
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
  registerSecurityHeaders(app, { isAlwaysHttps: options.forceSecureCookies ?? false });

  app.get("/healthz", async () => ({ ok: true, db: options.databaseKind }));
  if (options.metrics) registerMetricsRoute(app, { ...options.metrics, isWidgetSocketUrl });

  registerUnexpectedErrorHandler(app);
  registerJsonBodyParser(app);
  // tRPC's WebSocket connections bring the raw upgrade request; its FastifyRequest
  // (cookies parsed, address and protocol read through a trusted proxy) is kept here.
  const upgradeRequests = new WeakMap<IncomingMessage, FastifyRequest>();
  registerTransportGuards(app, options.services, upgradeRequests);
  registerWidgetAssets(app, options);
  registerTryPage(app, options.services, { isAlwaysHttps: options.forceSecureCookies ?? false });
  await registerStripeWebhook(app, { db: options.services.db, billing: options.services.billing, mail: options.services.mail });
  const { db, pool, runtime, now, widget } = options.services;
  await registerWorkflowApi(app, { db, pool, runtime, now, limiter: widget.limiter, ...(options.apiKeyRateLimit ? { rateLimit: options.apiKeyRateLimit } : {}) });

  // HTTP calls bring a FastifyRequest; WebSocket connections the raw upgrade request.
  const createContext = ({ req, res }: { req: FastifyRequest | IncomingMessage; res: FastifyReply | unknown }): Context => {
    const reply = isReply(res) ? res : null;
    const request = isFastifyRequest(req) ? req : upgradeRequests.get(req);
    if (!request) throw new Error("A WebSocket connection arrived without passing the transport guards.");
    const isHttps = request.protocol === "https";
    // A socket opened for the widget (?bot=KEY) reads no cookie: a shop's page opened it.
    const isWidgetConnection = !isFastifyRequest(req) && isWidgetSocketUrl(request.url);
    const sessionToken = isWidgetConnection ? null : (request.cookies[SESSION_COOKIE] ?? null);
    return {
      ...options.services,
      request: {
        ip: request.ip,
        userAgent: request.headers["user-agent"] ?? null,
        origin: request.headers.origin ?? null,
        selfOrigin: `${request.protocol}://${request.host}`,
        fetchSite: headerValue(request.headers["sec-fetch-site"]),
        isWidgetConnection,
        tryPageBotKeys: readTryPageBotKeys(request.cookies),
      },
      cookies: {
        read: () => sessionToken,
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
        // The client's message quotes the same error id (see the error formatter).
        if (error.code === "INTERNAL_SERVER_ERROR") app.log.error({ err: error.cause ?? error, path, errorId: readErrorId(error) }, "tRPC procedure failed");
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
 * (the procedures themselves refuse origins the bot does not allow) — only
 * when every procedure of the call is the widget's; a batch naming any other
 * is the dashboard's and gets no CORS at all.
 * WebSocket: `/trpc?bot=KEY` is the widget's socket: from a browser it must
 * come from one of that bot's allowed origins (or its try page, /try/KEY, on
 * this server's origin), and it can call widget
 * procedures only (see the context). `/trpc` alone is the dashboard's: a
 * browser may open it from the dashboard's own origins only. Both are
 * refused before upgrading.
 */
function registerTransportGuards(app: FastifyInstance, services: ApiServices, upgradeRequests: WeakMap<IncomingMessage, FastifyRequest>) {
  app.addHook("onRequest", async (req, reply) => {
    const origin = req.headers.origin;
    const url = new URL(req.url, "http://local");
    if (isWidgetOnlyPath(url.pathname)) {
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
    if (!isUpgrade) return;
    upgradeRequests.set(req.raw, req);
    // Without Origin it is not a browser: no page chose to send the cookie it may carry.
    if (url.pathname !== "/trpc" || !origin) return;
    const botKey = url.searchParams.get("bot");
    const selfOrigin = `${req.protocol}://${req.host}`;
    if (botKey === null) {
      if (isDashboardOrigin(origin, { selfOrigin, trustedOrigins: services.trustedOrigins })) return;
      return reply.code(403).type("text/plain").send("A WebSocket from another site must name its bot (?bot=PUBLIC_KEY).");
    }
    const tryPageOrigin = tryPageOriginFor({ pageOrigin: origin, selfOrigin, tryPageBotKeys: readTryPageBotKeys(req.cookies) }, botKey);
    const refusal = await authorizeWidgetRequest(services.db, { botKey, origin, allowLocalhostOrigins: services.widget.allowLocalhostOrigins, tryPageOrigin }).then(
      () => null,
      (error: unknown) => (error instanceof Error ? error.message : "Refused."),
    );
    if (refusal) return reply.code(403).type("text/plain").send(refusal);
  });
}

/**
 * Errors no route answered itself: a client error keeps its message (Fastify
 * wrote it: malformed JSON, body too large); anything else is logged with an
 * id and the client gets the id, not the error's own message.
 */
function registerUnexpectedErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: unknown, req, reply) => {
    const statusCode = readStatusCode(error);
    if (statusCode >= 400 && statusCode < 500) {
      const message = error instanceof Error ? error.message : "Bad request.";
      return reply.code(statusCode).send({ statusCode, error: STATUS_CODES[statusCode] ?? "Bad Request", message });
    }
    if (isPoolWaitTimeout(error)) {
      req.log.warn({ err: error }, "no database connection was free in time");
      return reply.code(503).header("retry-after", "2").send({ statusCode: 503, error: "Service Unavailable", message: DATABASE_BUSY_MESSAGE });
    }
    const errorId = readErrorId(typeof error === "object" && error !== null ? error : req);
    req.log.error({ err: error, errorId }, "request failed");
    return reply.code(500).send({ statusCode: 500, error: "Internal Server Error", message: describeUnexpectedError(errorId), errorId });
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

/** `/trpc/widget.config` or a batch of widget procedures alone (`/trpc/widget.config,widget.init`, the comma escaped or not). */
function isWidgetOnlyPath(pathname: string): boolean {
  if (!pathname.startsWith("/trpc/")) return false;
  let procedures: string;
  try {
    procedures = decodeURIComponent(pathname.slice("/trpc/".length));
  } catch {
    return false;
  }
  return procedures.split(",").every((procedure) => procedure.startsWith("widget."));
}

/** The widget's socket names its bot: `/trpc?bot=KEY`. */
function isWidgetSocketUrl(url: string): boolean {
  return new URL(url, "http://local").searchParams.has("bot");
}

function readStatusCode(error: unknown): number {
  const statusCode = typeof error === "object" && error !== null && "statusCode" in error ? error.statusCode : null;
  return typeof statusCode === "number" && statusCode >= 400 && statusCode < 600 ? statusCode : 500;
}

function isFastifyRequest(value: FastifyRequest | IncomingMessage): value is FastifyRequest {
  return "cookies" in value;
}

function isReply(value: unknown): value is FastifyReply {
  return typeof value === "object" && value !== null && "setCookie" in value;
}

function headerValue(value: string | string[] | undefined): string | null {
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

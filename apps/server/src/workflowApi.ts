import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z, type ZodType } from "zod";
import {
  authorizeApiCall,
  botParamsSchema,
  conversationParamsSchema,
  createWorkflowApiOpenApi,
  DomainError,
  listApiMessages,
  listMessagesQuerySchema,
  sendApiMessage,
  sendMessageBodySchema,
  startApiConversation,
  startConversationBodySchema,
  type WorkflowApiDeps,
} from "@chatwright/api";

/** HTTP status for each domain error code the workflow API can meet. */
const STATUS_OF: Record<DomainError["code"], number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
};

interface ApiErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[]; details?: unknown };
}

class InvalidInputError extends Error {
  constructor(
    readonly where: "path" | "query" | "body",
    readonly issues: { path: string; message: string }[],
  ) {
    super(`Invalid ${where} — ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")}`);
  }
}

function parse<T>(schema: ZodType<T>, value: unknown, where: "path" | "query" | "body"): T {
  // Fastify reads text/plain bodies as strings: say what to send instead of "expected object".
  if (where === "body" && value !== undefined && (typeof value !== "object" || value === null || Array.isArray(value))) {
    throw new InvalidInputError(where, [{ path: "", message: "Send the body as a JSON object (Content-Type: application/json)." }]);
  }
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  throw new InvalidInputError(
    where,
    parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })),
  );
}

const routesOf = new WeakMap<FastifyInstance, { method: string; url: string }[]>();

/** The routes registerWorkflowApi registered on this app (HEAD twins left out), as Fastify has them: `/api/v1/bots/:botId/conversations`. */
export function listWorkflowApiRoutes(app: FastifyInstance): { method: string; url: string }[] {
  return routesOf.get(app) ?? [];
}

/**
 * The workflow API (Enterprise customers drive the same flows through an API
 * with API keys; docs/workflow-api.md): JSON over HTTP under /api/v1, authenticated
 * with `Authorization: Bearer <key>`, driving the same runtime as the widget
 * (conversations get channel "api"). Server-to-server: no cookies, no CORS.
 */
export async function registerWorkflowApi(app: FastifyInstance, deps: WorkflowApiDeps): Promise<void> {
  const routes: { method: string; url: string }[] = [];
  routesOf.set(app, routes);
  await app.register(
    async (api) => {
      api.addHook("onRoute", (route) => {
        for (const method of [route.method].flat()) if (method !== "HEAD") routes.push({ method, url: route.url });
      });

      const authorize = (req: FastifyRequest) => authorizeApiCall(deps, req.headers.authorization);

      api.addHook("onSend", async (_req, reply) => {
        reply.header("cache-control", "no-store");
      });

      // A message is at most 4,000 characters: the server-wide 8 MB (knowledge uploads) is far more than an API call needs.
      const small = { bodyLimit: 64 * 1024 };

      // The OpenAPI 3.1 document, generated from the schemas below validate with; readable without a key.
      api.get("/openapi.json", async (req, reply) => {
        const document = createWorkflowApiOpenApi({ serverUrl: `${req.protocol}://${req.host}/api/v1` });
        return reply.header("access-control-allow-origin", "*").send(document);
      });

      api.post("/bots/:botId/conversations", small, async (req, reply) => {
        const caller = await authorize(req);
        const { botId } = parse(botParamsSchema, req.params, "path");
        const body = parse(startConversationBodySchema, req.body, "body");
        const started = await startApiConversation(deps, { caller, botId, body });
        return reply.code(201).send(started);
      });

      api.post("/conversations/:conversationId/messages", small, async (req) => {
        const caller = await authorize(req);
        const { conversationId } = parse(conversationParamsSchema, req.params, "path");
        const body = parse(sendMessageBodySchema, req.body, "body");
        return sendApiMessage(deps, { caller, conversationId, body });
      });

      api.get("/conversations/:conversationId/messages", async (req) => {
        const caller = await authorize(req);
        const { conversationId } = parse(conversationParamsSchema, req.params, "path");
        const query = parse(listMessagesQuerySchema, req.query, "query");
        return listApiMessages(deps, { caller, conversationId, query });
      });

      api.setNotFoundHandler((req, reply) =>
        sendError(reply, 404, { error: { code: "NOT_FOUND", message: `No workflow API endpoint ${req.method} ${req.url.split("?")[0] ?? ""}. See docs/workflow-api.md for the endpoints.` } }),
      );

      api.setErrorHandler((error: unknown, req, reply) => {
        if (error instanceof InvalidInputError) {
          return sendError(reply, 400, { error: { code: "BAD_REQUEST", message: error.message, issues: error.issues } });
        }
        if (error instanceof DomainError) {
          const retryAfterMs = z.object({ retryAfterMs: z.number() }).safeParse(error.details);
          if (retryAfterMs.success) reply.header("retry-after", String(Math.max(1, Math.ceil(retryAfterMs.data.retryAfterMs / 1000))));
          return sendError(reply, STATUS_OF[error.code], { error: { code: error.code, message: error.message, ...(error.details && !retryAfterMs.success ? { details: error.details } : {}) } });
        }
        // Fastify's own refusals: malformed JSON, wrong content type, body too large.
        const fastifyError = error as Partial<FastifyError>;
        if (typeof fastifyError.statusCode === "number" && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
          const message =
            fastifyError.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE"
              ? "Send the body as JSON (Content-Type: application/json)."
              : fastifyError.code === "FST_ERR_CTP_EMPTY_JSON_BODY"
                ? "The body is empty; send a JSON object."
                : (fastifyError.message ?? "Bad request.");
          return sendError(reply, fastifyError.statusCode, { error: { code: fastifyError.statusCode === 413 ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST", message } });
        }
        req.log.error({ err: error }, "workflow API call failed");
        return sendError(reply, 500, { error: { code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side. Try again; if it keeps failing, contact support." } });
      });
    },
    { prefix: "/api/v1" },
  );
}

function sendError(reply: FastifyReply, status: number, body: ApiErrorBody) {
  return reply.code(status).type("application/json; charset=utf-8").send(body);
}

import { z, type ZodType } from "zod";
import {
  apiConversationSchema,
  apiErrorSchema,
  apiMessagePageSchema,
  apiMessageSchema,
  apiTurnSchema,
  botParamsSchema,
  conversationParamsSchema,
  listMessagesQuerySchema,
  sendMessageBodySchema,
  startConversationBodySchema,
} from "./workflowApiSchemas";

type JsonObject = Record<string, unknown>;

/** One operation of /api/v1: the HTTP layer validates with these schemas, and the document is generated from them. */
interface WorkflowApiOperation {
  method: "get" | "post";
  /** Under /api/v1, OpenAPI style (`{botId}`). */
  path: string;
  operationId: string;
  summary: string;
  description: string;
  params: z.ZodObject;
  query?: z.ZodObject;
  body?: ZodType;
  success: { status: "200" | "201"; description: string; schema: string };
  errors: ("400" | "401" | "403" | "404" | "409" | "413" | "429")[];
}

export const WORKFLOW_API_OPERATIONS: readonly WorkflowApiOperation[] = [
  {
    method: "post",
    path: "/bots/{botId}/conversations",
    operationId: "startConversation",
    summary: "Start a conversation",
    description: "Starts a conversation with a bot of the key's workspace on its published flow; the answer holds the greeting.",
    params: botParamsSchema,
    body: startConversationBodySchema,
    success: { status: "201", description: "The conversation and its greeting.", schema: "Conversation" },
    errors: ["400", "401", "403", "404", "409", "413", "429"],
  },
  {
    method: "post",
    path: "/conversations/{conversationId}/messages",
    operationId: "sendMessage",
    summary: "Send the person's message",
    description: "Runs one turn through the same runtime as the widget. A repeated clientMessageId returns the first answer with isDuplicate: true and runs nothing again.",
    params: conversationParamsSchema,
    body: sendMessageBodySchema,
    success: { status: "200", description: "The stored message and the bot's replies of this turn.", schema: "Turn" },
    errors: ["400", "401", "403", "404", "409", "413", "429"],
  },
  {
    method: "get",
    path: "/conversations/{conversationId}/messages",
    operationId: "listMessages",
    summary: "Read a conversation's messages",
    description: "Messages after a seq, including what people of the team wrote after a handoff (internal notes are left out).",
    params: conversationParamsSchema,
    query: listMessagesQuerySchema,
    success: { status: "200", description: "A page of messages; pass nextAfter as after to read on.", schema: "MessagePage" },
    errors: ["400", "401", "403", "404", "429"],
  },
];

const ERROR_DESCRIPTIONS = {
  "400": "Bad path id, body or query; issues lists what the validation found.",
  "401": "No key, or a malformed, unknown or revoked key.",
  "403": "The key's workspace is not on Enterprise.",
  "404": "No such bot or conversation in the key's workspace.",
  "409": "The bot has no published flow, or the conversation has ended.",
  "413": "The body is larger than 64 KB.",
  "429": "Too many calls with this key; Retry-After says how many seconds to wait.",
} as const;

/** zod → JSON Schema (2020-12, OpenAPI 3.1's own dialect), without the top-level $schema. */
function toSchema(schema: ZodType, io: "input" | "output"): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonObject;
  return rest;
}

function toParameters(schema: z.ZodObject | undefined, where: "path" | "query"): JsonObject[] {
  if (!schema) return [];
  const objectSchema = toSchema(schema, "input");
  const properties = (objectSchema["properties"] ?? {}) as Record<string, JsonObject>;
  const required = new Set((objectSchema["required"] ?? []) as string[]);
  return Object.entries(properties).map(([name, propertySchema]) => ({ name, in: where, required: where === "path" || required.has(name), schema: propertySchema }));
}

function toResponseComponents(): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  registry.add(apiMessageSchema, { id: "Message" });
  registry.add(apiConversationSchema, { id: "Conversation" });
  registry.add(apiTurnSchema, { id: "Turn" });
  registry.add(apiMessagePageSchema, { id: "MessagePage" });
  registry.add(apiErrorSchema, { id: "Error" });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io: "output", unrepresentable: "any" });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema as JsonObject;
      return [id, rest];
    }),
  );
}

const json = (schema: JsonObject) => ({ "application/json": { schema } });
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/**
 * The OpenAPI 3.1 document of the workflow API (served at /api/v1/openapi.json),
 * generated from the zod schemas the HTTP layer validates with, so the two cannot drift.
 */
export function createWorkflowApiOpenApi(input: { serverUrl: string; version?: string }): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const operation of WORKFLOW_API_OPERATIONS) {
    const responses: Record<string, JsonObject> = {
      [operation.success.status]: { description: operation.success.description, content: json(ref(operation.success.schema)) },
    };
    for (const status of operation.errors) {
      responses[status] = {
        description: ERROR_DESCRIPTIONS[status],
        content: json(ref("Error")),
        ...(status === "429" ? { headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer", minimum: 1 } } } } : {}),
      };
    }
    paths[operation.path] = {
      ...paths[operation.path],
      [operation.method]: {
        operationId: operation.operationId,
        summary: operation.summary,
        description: operation.description,
        parameters: [...toParameters(operation.params, "path"), ...toParameters(operation.query, "query")],
        ...(operation.body ? { requestBody: { required: true, content: json(toSchema(operation.body, "input")) } } : {}),
        responses,
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Chatwright workflow API",
      version: input.version ?? "1",
      description: "Drive your bots from your own systems (Enterprise). Send `Authorization: Bearer <API key>`; keys are made under Settings → API keys.",
    },
    servers: [{ url: input.serverUrl }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key from Settings → API keys (cw_live_…)." } },
      schemas: toResponseComponents(),
    },
  };
}

import { z } from "zod";
import { MAX_MESSAGE_LENGTH } from "@chatwright/runtime";
import { refuseUnstorableText, storableText } from "../schemas";

/** What the workflow API accepts, validated by the HTTP layer before any domain code runs. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export const botParamsSchema = z.object({ botId: z.uuid({ error: "botId must be a bot's id (a UUID)." }) });
export const conversationParamsSchema = z.object({ conversationId: z.uuid({ error: "conversationId must be a conversation's id (a UUID)." }) });

export const startConversationBodySchema = z
  .object({
    /** The caller's own id for the person (a customer id, an email thread id); default: a random one. */
    visitorId: z
      .string()
      .regex(/^[A-Za-z0-9_.:@-]{1,100}$/, { error: "visitorId may use letters, digits and _ . : @ - (at most 100)." })
      .optional(),
    /** Flow variables set before the greeting runs, e.g. { "visitor_name": "Ada" }. */
    variables: z
      .record(z.string().regex(VARIABLE_NAME, { error: "Variable names start with a letter or _ and use letters, digits and _." }), storableText("A variable").max(2000))
      .refine((value) => Object.keys(value).length <= 50, { error: "At most 50 variables." })
      .optional(),
  })
  .strict();

export const sendMessageBodySchema = z
  .object({
    text: z
      .string({ error: "text is required (the person's message)." })
      .check(refuseUnstorableText("The message"))
      .trim()
      .min(1, { error: "text is empty." })
      .max(MAX_MESSAGE_LENGTH, { error: `Messages are limited to ${MAX_MESSAGE_LENGTH} characters.` }),
    /** Your id for this message: a retry with the same id is answered with the stored reply and runs nothing twice. */
    clientMessageId: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,100}$/, { error: "clientMessageId may use letters, digits and _ . : - (at most 100)." })
      .optional(),
  })
  .strict();

export const listMessagesQuerySchema = z
  .object({
    /** Messages after this seq (0: from the start). */
    after: z.coerce.number({ error: "after must be a number." }).int().min(0).default(0),
    limit: z.coerce.number({ error: "limit must be a number." }).int().min(1).max(200, { error: "limit is at most 200." }).default(100),
  })
  .strict();

export type StartConversationBody = z.infer<typeof startConversationBodySchema>;
export type SendMessageBody = z.infer<typeof sendMessageBodySchema>;
export type ListMessagesQuery = z.infer<typeof listMessagesQuerySchema>;

/** What the workflow API answers: the OpenAPI document's response schemas (docs/workflow-api.md). */
const conversationStatusSchema = z.enum(["BOT", "WAITING_AGENT", "AGENT", "CLOSED"]).meta({ description: "BOT; WAITING_AGENT (handed off, a person from the team answers); AGENT; CLOSED." });

export const apiMessageSchema = z
  .object({
    id: z.uuid(),
    seq: z.number().int().min(1).meta({ description: "Gap-free order within the conversation." }),
    role: z.enum(["VISITOR", "BOT", "AGENT", "SYSTEM"]),
    text: z.string(),
    clientMessageId: z.string().nullable(),
    nodeId: z.string().nullable(),
    quickReplies: z.array(z.string()),
    createdAt: z.iso.datetime(),
  });

export const apiConversationSchema = z.object({ conversationId: z.uuid(), status: conversationStatusSchema, messages: z.array(apiMessageSchema).meta({ description: "The greeting." }) });

export const apiTurnSchema = z.object({
  conversationId: z.uuid(),
  status: conversationStatusSchema,
  message: apiMessageSchema.nullable().meta({ description: "The person's message as stored." }),
  replies: z.array(apiMessageSchema).meta({ description: "The bot's replies of this turn (empty while a person from the team has the conversation)." }),
  isDuplicate: z.boolean().meta({ description: "True when clientMessageId was seen before: nothing ran again." }),
});

export const apiMessagePageSchema = z.object({
  conversationId: z.uuid(),
  status: conversationStatusSchema,
  messages: z.array(apiMessageSchema),
  nextAfter: z.number().int().min(0).meta({ description: "Pass as `after` to read on." }),
});

export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, PAYLOAD_TOO_LARGE, TOO_MANY_REQUESTS or INTERNAL_SERVER_ERROR." }),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      details: z.unknown().optional(),
    }),
  });

import { z } from "zod";
import { deleteVisitorData } from "../privacy/deleteVisitorData";
import { exportVisitorData, VISITOR_EXPORT_FORMAT } from "../privacy/exportVisitorData";
import { exportWorkspaceData, WORKSPACE_EXPORT_FORMAT } from "../privacy/exportWorkspaceData";
import { findVisitors } from "../privacy/findVisitors";
import { MAX_RETENTION_DAYS, readRetentionDays, setRetentionDays } from "../privacy/retention";
import { adminProcedure, ownerProcedure, router } from "../trpc";
import { storableText } from "../schemas";

/** The widget's localStorage id (same shape the widget router accepts). */
const visitorIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "A visitor id is 16 to 64 letters, digits, - or _. Copy it from the conversation in the inbox." });

const visitorInput = z.object({ botId: z.uuid().optional(), visitorId: visitorIdSchema });

const conversationRecordSchema = z.object({
  id: z.string(),
  botId: z.string(),
  botName: z.string(),
  visitorId: z.string(),
  status: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  flowVersionNumber: z.number(),
  variables: z.unknown(),
  activeNodeId: z.string().nullable(),
  machineState: z.unknown(),
  messages: z.array(
    z.object({ seq: z.number(), role: z.string(), isInternal: z.boolean(), text: z.string(), nodeId: z.string().nullable(), metadata: z.unknown(), sentAt: z.string() }),
  ),
  events: z.array(z.object({ type: z.string(), nodeId: z.string().nullable(), data: z.unknown(), at: z.string() })),
  llmUsage: z.array(
    z.object({ model: z.string(), nodeId: z.string().nullable(), promptTokens: z.number(), completionTokens: z.number(), costUsd: z.number().nullable(), at: z.string() }),
  ),
});

const visitorExportSchema = z.object({
  format: z.literal(VISITOR_EXPORT_FORMAT),
  exportedAt: z.string(),
  workspace: z.object({ id: z.string(), name: z.string() }),
  visitorId: z.string(),
  botId: z.string().nullable(),
  conversations: z.array(conversationRecordSchema),
});

const workspaceExportSchema = z.object({
  format: z.literal(WORKSPACE_EXPORT_FORMAT),
  exportedAt: z.string(),
  workspace: z.object({ id: z.string(), name: z.string(), plan: z.string(), subscriptionStatus: z.string().nullable(), createdAt: z.string() }),
  members: z.array(z.object({ userId: z.string(), email: z.string(), name: z.string(), role: z.string(), joinedAt: z.string() })),
  invitations: z.array(z.object({ email: z.string(), role: z.string(), createdAt: z.string(), expiresAt: z.string(), acceptedAt: z.string().nullable() })),
  bots: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      publicKey: z.string(),
      allowedOrigins: z.array(z.string()),
      theme: z.unknown(),
      whiteLabel: z.boolean(),
      settings: z.unknown(),
      activeFlowId: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
  flows: z.array(
    z.object({
      id: z.string(),
      botId: z.string(),
      name: z.string(),
      graph: z.unknown(),
      updatedAt: z.string(),
      versions: z.array(z.object({ number: z.number(), graph: z.unknown(), note: z.string().nullable(), publishedAt: z.string() })),
    }),
  ),
  intents: z.array(z.object({ id: z.string(), botId: z.string(), name: z.string(), description: z.string().nullable(), examples: z.array(z.string()) })),
  knowledgeSources: z.array(
    z.object({
      id: z.string(),
      botId: z.string(),
      kind: z.string(),
      title: z.string(),
      status: z.string(),
      originalName: z.string().nullable(),
      createdAt: z.string(),
      chunks: z.array(z.object({ position: z.number(), question: z.string().nullable(), answer: z.string().nullable(), heading: z.string().nullable(), content: z.string() })),
    }),
  ),
  conversations: z.array(conversationRecordSchema),
  llmUsage: z.array(
    z.object({
      botId: z.string().nullable(),
      conversationId: z.string().nullable(),
      nodeId: z.string().nullable(),
      model: z.string(),
      promptTokens: z.number(),
      completionTokens: z.number(),
      costUsd: z.number().nullable(),
      at: z.string(),
    }),
  ),
  usageByMonth: z.array(z.object({ month: z.string(), llmCalls: z.number(), promptTokens: z.number(), completionTokens: z.number(), costUsd: z.number() })),
  auditLog: z.array(
    z.object({ action: z.string(), userId: z.string().nullable(), targetType: z.string().nullable(), targetId: z.string().nullable(), metadata: z.unknown(), at: z.string() }),
  ),
});

/**
 * GDPR requests. The shop is the controller of its visitors' data: owners
 * and admins find a visitor, export what is stored about them, or erase it.
 * The owner can also take the whole workspace's data with them.
 */
export const privacyRouter = router({
  /** Visitors matching an id, an email or a name the visitor gave, or words they wrote. */
  findVisitors: adminProcedure
    .input(z.object({ query: storableText("The search").trim().min(3, { error: "Type at least 3 characters: a visitor id, an email address or a name." }).max(254) }))
    .output(
      z.array(
        z.object({
          visitorId: z.string(),
          botId: z.string(),
          botName: z.string(),
          conversations: z.number(),
          lastSeenAt: z.date(),
          matchedBy: z.array(z.enum(["visitorId", "variable", "message"])),
        }),
      ),
    )
    .query(({ ctx, input }) => findVisitors(ctx.pool, { workspaceId: ctx.workspace.id, query: input.query })),

  exportVisitor: adminProcedure
    .input(visitorInput)
    .output(visitorExportSchema)
    .query(({ ctx, input }) => exportVisitorData(ctx.db, { workspaceId: ctx.workspace.id, botId: input.botId ?? null, visitorId: input.visitorId, now: ctx.now() })),

  deleteVisitor: adminProcedure
    .input(visitorInput)
    .output(z.object({ conversations: z.number(), messages: z.number(), events: z.number(), llmUsageUnlinked: z.number() }))
    .mutation(async ({ ctx, input }) => {
      const { botIds, ...counts } = await deleteVisitorData(ctx.db, {
        workspaceId: ctx.workspace.id,
        botId: input.botId ?? null,
        visitorId: input.visitorId,
        userId: ctx.user.userId,
      });
      // An AI answer cached from their question could echo what they wrote. Best effort:
      // the entries expire within minutes anyway (see docs/privacy.md).
      await Promise.allSettled(botIds.map((botId) => ctx.invalidateBotAnswers(botId)));
      return counts;
    }),

  exportWorkspace: ownerProcedure.output(workspaceExportSchema).query(({ ctx }) => exportWorkspaceData(ctx.db, { workspaceId: ctx.workspace.id, now: ctx.now() })),

  /** How long the bot's conversations are kept after their last activity; null: until deleted. */
  retention: adminProcedure
    .input(z.object({ botId: z.uuid() }))
    .output(z.object({ days: z.number().nullable() }))
    .query(async ({ ctx, input }) => ({ days: await readRetentionDays(ctx.db, { workspaceId: ctx.workspace.id, botId: input.botId }) })),

  setRetention: adminProcedure
    .input(
      z.object({
        botId: z.uuid(),
        days: z
          .int({ error: "Enter a whole number of days." })
          .min(1, { error: "Keep conversations at least 1 day." })
          .max(MAX_RETENTION_DAYS, { error: `At most ${MAX_RETENTION_DAYS} days (about ten years).` })
          .nullable(),
      }),
    )
    .output(z.object({ days: z.number().nullable() }))
    .mutation(async ({ ctx, input }) => ({
      days: await setRetentionDays(ctx.pool, { workspaceId: ctx.workspace.id, botId: input.botId, userId: ctx.user.userId, days: input.days }),
    })),
});

import { z } from "zod";
import { flowGraphSchema } from "@chatwright/flow";
import {
  createFlow,
  exportFlow,
  getFlow,
  getVersion,
  importFlow,
  listFlows,
  listVersions,
  publishFlow,
  rollbackFlow,
  saveDraft,
  setActiveFlow,
} from "../flows/flows";
import { assertCanUseFlowBuilder } from "../flows/entitlements";
import { setupFaqBot } from "../flows/faqBot";
import { readPlanFallback } from "../flows/readPlanFallback";
import { adminProcedure, memberProcedure, router } from "../trpc";
import { refuseUnstorableText, storableText } from "../schemas";

const MAX_GRAPH_BYTES = 1_000_000;

/** The canvas may save a graph the validator rejects, but it must be a graph-shaped, bounded object. */
const draftGraphSchema = z
  .object({ schemaVersion: z.number(), nodes: z.array(z.unknown()).max(5000), edges: z.array(z.unknown()).max(20000) })
  .loose()
  .refine((graph) => JSON.stringify(graph).length <= MAX_GRAPH_BYTES, { error: "The flow is too large to save (over 1 MB)." })
  .check(refuseUnstorableText("The flow"));

const issueSchema = z.object({ code: z.string(), message: z.string(), nodeId: z.string().optional(), handle: z.string().optional(), edgeId: z.string().optional() });
const validationSchema = z.object({ errors: z.array(issueSchema), warnings: z.array(issueSchema) });
const flowDetailSchema = z.object({
  id: z.string(),
  botId: z.string(),
  name: z.string(),
  graph: z.unknown(),
  draftRevision: z.number(),
  updatedAt: z.date(),
  validation: validationSchema,
});
const versionSchema = z.object({ id: z.string(), number: z.number(), note: z.string().nullable(), createdAt: z.date(), createdByName: z.string().nullable() });
const flowNameSchema = storableText("The flow name").trim().min(1, { error: "Give the flow a name." }).max(80, { error: "Flow names are limited to 80 characters." });

export const flowsRouter = router({
  list: memberProcedure
    .input(z.object({ botId: z.uuid() }))
    .output(z.array(z.object({ id: z.string(), name: z.string(), updatedAt: z.date(), latestVersion: z.number().nullable(), isActive: z.boolean() })))
    .query(({ ctx, input }) => listFlows(ctx.db, { workspaceId: ctx.workspace.id, botId: input.botId })),

  get: memberProcedure
    .input(z.object({ flowId: z.uuid() }))
    .output(flowDetailSchema)
    .query(({ ctx, input }) => getFlow(ctx.db, { workspaceId: ctx.workspace.id, flowId: input.flowId, plan: ctx.workspace.plan })),

  create: adminProcedure
    .input(z.object({ botId: z.uuid(), name: flowNameSchema, templateId: z.string().max(100).optional(), graph: flowGraphSchema.check(refuseUnstorableText("The flow")).optional() }))
    .output(flowDetailSchema)
    .mutation(({ ctx, input }) => {
      // A blank draft or a gallery template changes nothing live; a custom graph is drawing, which is Pro.
      if (input.graph) assertCanUseFlowBuilder(ctx.workspace.plan);
      return createFlow(ctx.db, { ...input, workspaceId: ctx.workspace.id });
    }),

  saveDraft: adminProcedure
    .input(z.object({ flowId: z.uuid(), graph: draftGraphSchema, baseRevision: z.number().int().min(0), name: flowNameSchema.optional() }))
    .output(z.object({ draftRevision: z.number(), validation: validationSchema }))
    .mutation(({ ctx, input }) => {
      assertCanUseFlowBuilder(ctx.workspace.plan);
      return saveDraft(ctx.db, { ...input, workspaceId: ctx.workspace.id, plan: ctx.workspace.plan });
    }),

  publish: adminProcedure
    .input(z.object({ flowId: z.uuid(), note: storableText("The note").trim().max(500).optional() }))
    .output(versionSchema)
    .mutation(async ({ ctx, input }) => {
      assertCanUseFlowBuilder(ctx.workspace.plan);
      const version = await publishFlow(ctx.db, { ...input, workspaceId: ctx.workspace.id, userId: ctx.user.userId, plan: ctx.workspace.plan });
      await ctx.invalidateBotAnswers(version.botId);
      return version;
    }),

  versions: memberProcedure
    .input(z.object({ flowId: z.uuid() }))
    .output(z.array(versionSchema))
    .query(({ ctx, input }) => listVersions(ctx.db, { workspaceId: ctx.workspace.id, flowId: input.flowId })),

  version: memberProcedure
    .input(z.object({ flowId: z.uuid(), number: z.number().int().min(1) }))
    .output(z.object({ id: z.string(), number: z.number(), note: z.string().nullable(), createdAt: z.date(), graph: z.unknown(), machine: z.unknown() }))
    .query(({ ctx, input }) => getVersion(ctx.db, { ...input, workspaceId: ctx.workspace.id })),

  rollback: adminProcedure
    .input(z.object({ flowId: z.uuid(), number: z.number().int().min(1) }))
    .output(versionSchema)
    .mutation(async ({ ctx, input }) => {
      const version = await rollbackFlow(ctx.db, { ...input, workspaceId: ctx.workspace.id, userId: ctx.user.userId, plan: ctx.workspace.plan });
      await ctx.invalidateBotAnswers(version.botId);
      return version;
    }),

  setActive: adminProcedure
    .input(z.object({ botId: z.uuid(), flowId: z.uuid() }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await setActiveFlow(ctx.db, { ...input, workspaceId: ctx.workspace.id, plan: ctx.workspace.plan });
      await ctx.invalidateBotAnswers(input.botId);
      return { ok: true as const };
    }),

  export: memberProcedure
    .input(z.object({ flowId: z.uuid() }))
    .output(z.object({ format: z.string(), version: z.number(), name: z.string(), graph: z.unknown(), intents: z.array(z.object({ name: z.string(), examples: z.array(z.string()) })) }))
    .query(({ ctx, input }) => exportFlow(ctx.db, { workspaceId: ctx.workspace.id, flowId: input.flowId })),

  import: adminProcedure
    .input(
      z.object({
        botId: z.uuid(),
        file: z
          .string()
          .max(MAX_GRAPH_BYTES, { error: "The file is too large (over 1 MB)." })
          .check(refuseUnstorableText("The flow file", { isJsonText: true })),
      }),
    )
    .output(flowDetailSchema)
    .mutation(({ ctx, input }) => {
      assertCanUseFlowBuilder(ctx.workspace.plan);
      return importFlow(ctx.db, { ...input, workspaceId: ctx.workspace.id, plan: ctx.workspace.plan });
    }),

  /** Why the bot runs the FAQ bot flow after a downgrade (null when it does not, or the owner moved on). */
  planFallback: memberProcedure
    .input(z.object({ botId: z.uuid() }))
    .output(z.object({ plan: z.string(), fromFlowId: z.string(), fromFlowName: z.string(), reasons: z.array(z.string()), at: z.date() }).nullable())
    .query(({ ctx, input }) => readPlanFallback(ctx.db, { workspaceId: ctx.workspace.id, botId: input.botId })),

  /** Free (and anyone who wants it): the fixed FAQ flow (greeting -> listen -> faq), published and made active. Every plan. */
  setupFaqBot: adminProcedure
    .input(z.object({ botId: z.uuid(), greeting: storableText("The greeting").trim().max(4000) }))
    .output(z.object({ flowId: z.string(), version: versionSchema }))
    .mutation(({ ctx, input }) => setupFaqBot(ctx.db, { ...input, workspaceId: ctx.workspace.id, userId: ctx.user.userId })),
});

import { z } from "zod";
import { createIntent, deleteIntent, listIntents, loadIntentModel, updateIntent } from "@chatwright/knowledge";
import { classifyIntent, encodeQuery } from "@chatwright/nlp";
import { getBot } from "../bots/bots";
import type { ApiServices } from "../context";
import { withKnowledgeErrors } from "../knowledge/knowledgeErrors";
import { adminProcedure, memberProcedure, router } from "../trpc";
import { storableText } from "../schemas";

const nameSchema = storableText("The intent name").trim().min(1, { error: "Give the intent a name." }).max(80, { error: "Intent names are limited to 80 characters." });
const descriptionSchema = storableText("The description").trim().max(500, { error: "Descriptions are limited to 500 characters." }).nullable();
const examplesSchema = z
  .array(storableText("An example").trim().min(1, { error: "Examples cannot be empty." }).max(300, { error: "An example is at most 300 characters." }))
  .min(1, { error: "Add at least one example sentence." })
  .max(200, { error: "An intent has at most 200 examples." });

const intentSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  examples: z.array(z.string()),
  updatedAt: z.date(),
});

const botInput = z.object({ botId: z.uuid() });

/**
 * After an edit, retrains the bot's classifier in the background (encoding
 * new examples takes ~4 ms each), so the next visitor message does not wait
 * for it inside its turn. Only with the sentence encoder: words alone train
 * in milliseconds.
 */
function retrainInBackground(ctx: ApiServices, scope: { workspaceId: string; botId: string }): void {
  const encoder = ctx.sentenceEncoder ?? null;
  if (encoder === null) return;
  loadIntentModel(ctx.db, scope, encoder).catch((error: unknown) => ctx.onBackgroundError?.(error, "trainIntents"));
}

/** The intent node's vocabulary: intents with example sentences the local classifier learns from. */
export const intentsRouter = router({
  list: memberProcedure
    .input(botInput)
    .output(z.array(intentSchema))
    .query(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspace.id, botId: input.botId };
      await getBot(ctx.db, scope);
      return listIntents(ctx.db, scope);
    }),

  create: adminProcedure
    .input(botInput.extend({ name: nameSchema, description: descriptionSchema.optional(), examples: examplesSchema }))
    .output(intentSchema)
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspace.id, botId: input.botId };
      await getBot(ctx.db, scope);
      const intent = await withKnowledgeErrors(() => createIntent(ctx.db, scope, { name: input.name, description: input.description ?? null, examples: input.examples }));
      await ctx.invalidateBotAnswers(input.botId);
      retrainInBackground(ctx, scope);
      return intent;
    }),

  update: adminProcedure
    .input(botInput.extend({ intentId: z.uuid(), name: nameSchema.optional(), description: descriptionSchema.optional(), examples: examplesSchema.optional() }))
    .output(intentSchema)
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspace.id, botId: input.botId };
      await getBot(ctx.db, scope);
      const intent = await withKnowledgeErrors(() =>
        updateIntent(
          ctx.db,
          { ...scope, intentId: input.intentId },
          {
            ...(input.name === undefined ? {} : { name: input.name }),
            ...(input.description === undefined ? {} : { description: input.description }),
            ...(input.examples === undefined ? {} : { examples: input.examples }),
          },
        ),
      );
      await ctx.invalidateBotAnswers(input.botId);
      retrainInBackground(ctx, scope);
      return intent;
    }),

  delete: adminProcedure
    .input(botInput.extend({ intentId: z.uuid() }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspace.id, botId: input.botId };
      await getBot(ctx.db, scope);
      await withKnowledgeErrors(() => deleteIntent(ctx.db, { ...scope, intentId: input.intentId }));
      await ctx.invalidateBotAnswers(input.botId);
      retrainInBackground(ctx, scope);
      return { ok: true as const };
    }),

  /** The local classifier on one sentence, as an intent node would see it (no LLM). */
  test: memberProcedure
    .input(botInput.extend({ text: storableText("The sentence").trim().min(1, { error: "Type a sentence to test." }).max(2000) }))
    .output(
      z.object({
        best: z.object({ intent: z.string(), confidence: z.number() }).nullable(),
        ranked: z.array(z.object({ intent: z.string(), score: z.number() })),
      }),
    )
    .query(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspace.id, botId: input.botId };
      await getBot(ctx.db, scope);
      const encoder = ctx.sentenceEncoder ?? null;
      const model = await loadIntentModel(ctx.db, scope, encoder);
      if (model === null) return { best: null, ranked: [] };
      // As the runtime does: with the sentence vector when the model has them, else words alone.
      const vector = await encodeQuery(model, encoder, input.text).catch(() => null);
      const { best, ranked } = classifyIntent(model, input.text, vector);
      return { best, ranked: ranked.map((r) => ({ intent: r.intent, score: r.score })) };
    }),
});

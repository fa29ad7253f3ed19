import { z } from "zod";
import { deleteSource, ingestSource, listChunks, listSources, readBotSettings, replaceSource, retrieve, updateBotSettings } from "@chatwright/knowledge";
import { getBot } from "../bots/bots";
import { embedBotChunks } from "../knowledge/embedBotChunks";
import { embedSearchQuery } from "../knowledge/embedSearchQuery";
import { withKnowledgeErrors } from "../knowledge/knowledgeErrors";
import { FAQ_FORM_FILE_NAME, MAX_FAQ_FORM_ENTRIES, readFaqEntries, saveFaqEntries } from "../knowledge/saveFaqEntries";
import { publishFirstFaqFlow } from "../flows/publishFirstFaqFlow";
import { decodeUpload, maxUploadBase64Chars, textUpload } from "../knowledge/uploads";
import { adminProcedure, memberProcedure, router } from "../trpc";
import { refuseUnstorableText, storableText } from "../schemas";

const titleSchema = storableText("The title").trim().min(1, { error: "Give the source a title." }).max(200, { error: "Titles are limited to 200 characters." });
const fileNameSchema = storableText("The file name").trim().min(1, { error: "The file needs a name." }).max(255, { error: "File names are limited to 255 characters." });
const documentFileNameSchema = fileNameSchema.regex(/\.(md|markdown|txt|pdf)$/i, { error: "Upload a .md, .markdown, .txt or .pdf file." });
const faqFileNameSchema = fileNameSchema.regex(/\.(csv|json)$/i, { error: "Upload a .csv or .json file." });
const contentBase64Schema = z.string().min(1, { error: "The file is empty." }).max(maxUploadBase64Chars, { error: "The file is far too large." });

const sourceSchema = z.object({
  id: z.string(),
  kind: z.enum(["FAQ", "DOCUMENT"]),
  title: z.string(),
  status: z.enum(["READY", "PROCESSING", "FAILED"]),
  originalName: z.string().nullable(),
  bytes: z.number(),
  chunkCount: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
  /** The questions-and-answers form's own source (edited there, not replaced by a file). */
  isFaqForm: z.boolean(),
});

const chunkSchema = z.object({
  id: z.string(),
  position: z.number(),
  question: z.string().nullable(),
  answer: z.string().nullable(),
  heading: z.string().nullable(),
  content: z.string(),
});

const hitSchema = z.object({
  chunkId: z.string(),
  sourceId: z.string(),
  sourceTitle: z.string(),
  question: z.string().nullable(),
  answer: z.string().nullable(),
  heading: z.string().nullable(),
  content: z.string(),
  score: z.number(),
  lexicalScore: z.number(),
  vectorScore: z.number().nullable(),
  isAboveThreshold: z.boolean(),
});

/**
 * What ingestion adds when embeddings are configured: how many chunks got a
 * vector, or why none did (the source is saved either way); and the version
 * of the FAQ flow these first answers published, when they made the bot live.
 */
const embeddingOutcome = { embedded: z.number(), embeddingError: z.string().nullable(), publishedVersion: z.number().int().nullable() };

const faqEntrySchema = z.object({
  question: storableText("The question").trim().min(1, { error: "Write the question." }).max(1000, { error: "Questions are limited to 1,000 characters." }),
  answer: storableText("The answer").trim().min(1, { error: "Write the answer." }).max(10_000, { error: "Answers are limited to 10,000 characters." }),
});

const settingsSchema = z.object({ threshold: z.number() });

const botInput = z.object({ botId: z.uuid() });

/** Every procedure first checks the bot is in the caller's workspace: another tenant's bot id is NOT_FOUND. */
export const knowledgeRouter = router({
  listSources: memberProcedure
    .input(botInput)
    .output(z.array(sourceSchema))
    .query(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspace.id, botId: input.botId };
      await getBot(ctx.db, scope);
      const sources = await listSources(ctx.pool, scope);
      return sources.map((source) => ({ ...source, isFaqForm: source.kind === "FAQ" && source.originalName === FAQ_FORM_FILE_NAME }));
    }),

  importFaq: adminProcedure
    .input(
      botInput.extend({
        title: titleSchema,
        fileName: faqFileNameSchema,
        // Characters; the 5 MB limit on UTF-8 bytes is checked on the way in, with its own error.
        // Each question and answer is a field of its own: refused, like a form's field, rather than changed behind the owner's back.
        content: z.string().max(maxUploadBase64Chars, { error: "The file is far too large." }).check(refuseUnstorableText("The file", { isJsonText: true })),
      }),
    )
    .output(z.object({ sourceId: z.string(), chunkCount: z.number(), skipped: z.array(z.object({ row: z.number(), message: z.string() })), ...embeddingOutcome }))
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspace.id, botId: input.botId };
      await getBot(ctx.db, scope);
      const file = textUpload(input.fileName, input.content);
      const result = await withKnowledgeErrors(() => ingestSource(ctx.pool, { ...scope, kind: "FAQ", title: input.title, file }));
      const embedding = await embedBotChunks(ctx, scope);
      await ctx.invalidateBotAnswers(input.botId);
      const published = result.chunkCount > 0 ? await publishFirstFaqFlow(ctx.db, { ...scope, userId: ctx.user.userId, plan: ctx.workspace.plan }) : null;
      return { sourceId: result.sourceId, chunkCount: result.chunkCount, skipped: result.skipped, ...embedding, publishedVersion: published?.number ?? null };
    }),

  /** The questions-and-answers form: the rows it saved last, in order (none before its first save). */
  faqEntries: memberProcedure
    .input(botInput)
    .output(z.object({ entries: z.array(z.object({ question: z.string(), answer: z.string() })) }))
    .query(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspace.id, botId: input.botId };
      await getBot(ctx.db, scope);
      return { entries: await readFaqEntries(ctx.pool, scope) };
    }),

  /** Saves every row of the questions-and-answers form; the bot's first answers make it live (publishFirstFaqFlow). */
  saveFaqEntries: adminProcedure
    .input(
      botInput.extend({
        entries: z
          .array(faqEntrySchema)
          .min(1, { error: "Add at least one question and its answer." })
          .max(MAX_FAQ_FORM_ENTRIES, { error: `The form holds up to ${MAX_FAQ_FORM_ENTRIES} questions. Import a spreadsheet for more.` }),
      }),
    )
    .output(z.object({ sourceId: z.string(), chunkCount: z.number(), ...embeddingOutcome }))
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspace.id, botId: input.botId };
      await getBot(ctx.db, scope);
      const result = await saveFaqEntries(ctx.pool, { ...scope, entries: input.entries });
      const embedding = await embedBotChunks(ctx, scope);
      await ctx.invalidateBotAnswers(input.botId);
      const published = await publishFirstFaqFlow(ctx.db, { ...scope, userId: ctx.user.userId, plan: ctx.workspace.plan });
      return { sourceId: result.sourceId, chunkCount: result.chunkCount, ...embedding, publishedVersion: published?.number ?? null };
    }),

  uploadDocument: adminProcedure
    .input(botInput.extend({ title: titleSchema, fileName: documentFileNameSchema, contentBase64: contentBase64Schema }))
    .output(z.object({ sourceId: z.string(), chunkCount: z.number(), ...embeddingOutcome }))
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspace.id, botId: input.botId };
      await getBot(ctx.db, scope);
      const file = decodeUpload(input.fileName, input.contentBase64);
      const result = await withKnowledgeErrors(() => ingestSource(ctx.pool, { ...scope, kind: "DOCUMENT", title: input.title, file }));
      const embedding = await embedBotChunks(ctx, scope);
      await ctx.invalidateBotAnswers(input.botId);
      const published = result.chunkCount > 0 ? await publishFirstFaqFlow(ctx.db, { ...scope, userId: ctx.user.userId, plan: ctx.workspace.plan }) : null;
      return { sourceId: result.sourceId, chunkCount: result.chunkCount, ...embedding, publishedVersion: published?.number ?? null };
    }),

  replaceSource: adminProcedure
    .input(botInput.extend({ sourceId: z.uuid(), fileName: fileNameSchema, contentBase64: contentBase64Schema }))
    .output(z.object({ chunkCount: z.number(), ...embeddingOutcome }))
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspace.id, botId: input.botId };
      await getBot(ctx.db, scope);
      const file = decodeUpload(input.fileName, input.contentBase64);
      const result = await withKnowledgeErrors(() => replaceSource(ctx.pool, { ...scope, sourceId: input.sourceId, file }));
      const embedding = await embedBotChunks(ctx, scope);
      await ctx.invalidateBotAnswers(input.botId);
      const published = result.chunkCount > 0 ? await publishFirstFaqFlow(ctx.db, { ...scope, userId: ctx.user.userId, plan: ctx.workspace.plan }) : null;
      return { chunkCount: result.chunkCount, ...embedding, publishedVersion: published?.number ?? null };
    }),

  deleteSource: adminProcedure
    .input(botInput.extend({ sourceId: z.uuid() }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspace.id, botId: input.botId };
      await getBot(ctx.db, scope);
      await withKnowledgeErrors(() => deleteSource(ctx.pool, { ...scope, sourceId: input.sourceId }));
      await ctx.invalidateBotAnswers(input.botId);
      return { ok: true as const };
    }),

  listChunks: memberProcedure
    .input(botInput.extend({ sourceId: z.uuid(), limit: z.number().int().min(1).max(200).optional() }))
    .output(z.array(chunkSchema))
    .query(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspace.id, botId: input.botId };
      await getBot(ctx.db, scope);
      return withKnowledgeErrors(() => listChunks(ctx.pool, { ...scope, sourceId: input.sourceId, ...(input.limit === undefined ? {} : { limit: input.limit }) }));
    }),

  /** Retrieval as the bot runs it, but with threshold 0, so the owner also sees the near-misses below the bot's threshold. */
  testRetrieval: memberProcedure
    .input(botInput.extend({ query: storableText("The question").trim().min(1, { error: "Type a question to test." }).max(2000), topK: z.number().int().min(1).max(20).optional() }))
    .output(z.object({ threshold: z.number(), hits: z.array(hitSchema) }))
    .query(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspace.id, botId: input.botId };
      await getBot(ctx.db, scope);
      const queryEmbedding = await embedSearchQuery(ctx, scope, input.query);
      const [settings, sources, chunks] = await Promise.all([
        withKnowledgeErrors(() => readBotSettings(ctx.pool, scope)),
        listSources(ctx.pool, scope),
        // Every candidate, unfiltered: the bot answers with the first one that reaches its threshold, so those come first here too.
        retrieve(ctx.pool, { ...scope, query: input.query, topK: 50, threshold: 0, ...(queryEmbedding ? { queryEmbedding } : {}) }),
      ]);
      const titles = new Map(sources.map((s) => [s.id, s.title]));
      const isAnswerable = (chunk: { score: number }) => chunk.score >= settings.retrievalThreshold;
      const shown = [...chunks.filter(isAnswerable), ...chunks.filter((chunk) => !isAnswerable(chunk))].slice(0, input.topK ?? 5);
      return {
        threshold: settings.retrievalThreshold,
        hits: shown.map((chunk) => ({
          chunkId: chunk.chunkId,
          sourceId: chunk.sourceId,
          sourceTitle: titles.get(chunk.sourceId) ?? "",
          question: chunk.question,
          answer: chunk.answer,
          heading: chunk.heading,
          content: chunk.content,
          score: chunk.score,
          lexicalScore: chunk.lexicalScore,
          vectorScore: chunk.vectorScore ?? null,
          isAboveThreshold: isAnswerable(chunk),
        })),
      };
    }),

  getSettings: memberProcedure
    .input(botInput)
    .output(settingsSchema)
    .query(async ({ ctx, input }) => {
      const settings = await withKnowledgeErrors(() => readBotSettings(ctx.pool, { workspaceId: ctx.workspace.id, botId: input.botId }));
      return { threshold: settings.retrievalThreshold };
    }),

  updateSettings: adminProcedure
    .input(botInput.extend({ threshold: z.number().min(0, { error: "The threshold is at least 0." }).max(1, { error: "The threshold is at most 1." }) }))
    .output(settingsSchema)
    .mutation(async ({ ctx, input }) => {
      const settings = await withKnowledgeErrors(() =>
        updateBotSettings(ctx.pool, { workspaceId: ctx.workspace.id, botId: input.botId }, { retrievalThreshold: input.threshold }),
      );
      await ctx.invalidateBotAnswers(input.botId);
      return { threshold: settings.retrievalThreshold };
    }),
});

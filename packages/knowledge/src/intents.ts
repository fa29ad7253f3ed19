import type { Db } from "@chatwright/db";
import { encodeExamples, trainIntentClassifier, type IntentModel, type SentenceEncoder } from "@chatwright/nlp";
import { z } from "zod";
import { KnowledgeError } from "./errors.ts";
import type { KnowledgeQueryable } from "./sql.ts";

export type IntentScope = { workspaceId: string; botId: string };

export type IntentRecord = { id: string; name: string; description: string | null; examples: string[]; createdAt: Date; updatedAt: Date };

const intentName = z
  .string()
  .trim()
  .min(1, "Give the intent a name.")
  .max(80, "Intent names are at most 80 characters.");
const intentExamples = z
  .array(z.string().trim().max(500, "An example is at most 500 characters."))
  .max(500, "An intent has at most 500 examples.")
  .transform((examples) => [...new Set(examples.filter((e) => e !== ""))]);

const parseOrThrow = <T>(schema: z.ZodType<T>, value: unknown): T => {
  const result = schema.safeParse(value);
  if (!result.success) throw new KnowledgeError("BAD_REQUEST", result.error.issues.map((i) => i.message).join(" "));
  return result.data;
};

const select = { id: true, name: true, description: true, examples: true, createdAt: true, updatedAt: true } as const;

const isUniqueViolation = (error: unknown): boolean => typeof error === "object" && error !== null && "code" in error && error.code === "P2002";

/** Per bot: the intents' signature the model was trained on, and until when a words-only model (the encoder failed) is kept. */
const modelCache = new Map<string, { signature: string; model: IntentModel; retryEncoderAfter?: number }>();
/** How long a model trained without the sentence encoder, because it failed, is used before trying the encoder again. */
const ENCODER_RETRY_MS = 60_000;
const cacheKey = (scope: IntentScope): string => `${scope.workspaceId}:${scope.botId}`;

async function assertBot(db: Db, scope: IntentScope): Promise<void> {
  const bot = await db.bot.findFirst({ where: { id: scope.botId, workspaceId: scope.workspaceId }, select: { id: true } });
  if (bot === null) throw new KnowledgeError("NOT_FOUND", "The bot was not found in this workspace.");
}

/** A bot's intents by name. */
export async function listIntents(db: Db, scope: IntentScope): Promise<IntentRecord[]> {
  return db.intent.findMany({ where: { workspaceId: scope.workspaceId, botId: scope.botId }, orderBy: { name: "asc" }, select });
}

/** Adds an intent; names are unique per bot. */
export async function createIntent(db: Db, scope: IntentScope, input: { name: string; description?: string | null; examples?: readonly string[] }): Promise<IntentRecord> {
  const name = parseOrThrow(intentName, input.name);
  const examples = parseOrThrow(intentExamples, input.examples ?? []);
  await assertBot(db, scope);
  try {
    const intent = await db.intent.create({ data: { workspaceId: scope.workspaceId, botId: scope.botId, name, description: input.description ?? null, examples }, select });
    modelCache.delete(cacheKey(scope));
    return intent;
  } catch (error) {
    if (isUniqueViolation(error)) throw new KnowledgeError("CONFLICT", `This bot already has an intent named "${name}".`);
    throw error;
  }
}

/** Renames an intent or replaces its description or examples. */
export async function updateIntent(
  db: Db,
  scope: IntentScope & { intentId: string },
  changes: { name?: string; description?: string | null; examples?: readonly string[] },
): Promise<IntentRecord> {
  const name = changes.name === undefined ? undefined : parseOrThrow(intentName, changes.name);
  const examples = changes.examples === undefined ? undefined : parseOrThrow(intentExamples, changes.examples);
  try {
    const updated = await db.intent.updateMany({
      where: { id: scope.intentId, workspaceId: scope.workspaceId, botId: scope.botId },
      data: { ...(name === undefined ? {} : { name }), ...(examples === undefined ? {} : { examples }), ...(changes.description === undefined ? {} : { description: changes.description }) },
    });
    if (updated.count === 0) throw new KnowledgeError("NOT_FOUND", "The intent was not found in this bot.");
  } catch (error) {
    if (isUniqueViolation(error)) throw new KnowledgeError("CONFLICT", `This bot already has an intent named "${name ?? ""}".`);
    throw error;
  }
  modelCache.delete(cacheKey(scope));
  const intent = await db.intent.findFirst({ where: { id: scope.intentId, workspaceId: scope.workspaceId, botId: scope.botId }, select });
  if (intent === null) throw new KnowledgeError("NOT_FOUND", "The intent was not found in this bot.");
  return intent;
}

/** Deletes an intent. */
export async function deleteIntent(db: Db, scope: IntentScope & { intentId: string }): Promise<void> {
  const deleted = await db.intent.deleteMany({ where: { id: scope.intentId, workspaceId: scope.workspaceId, botId: scope.botId } });
  if (deleted.count === 0) throw new KnowledgeError("NOT_FOUND", "The intent was not found in this bot.");
  modelCache.delete(cacheKey(scope));
}

/**
 * The bot's trained intent classifier, or null when it has no intent with
 * examples. Models are cached per bot and reused while the bot's intents are
 * unchanged: the cache is checked against the count and newest `updatedAt`
 * of the intents (so an edit from another server process is seen too) and
 * dropped at once by this process's own create/update/delete.
 */
export async function loadIntentModel(db: Db, scope: IntentScope, encoder?: SentenceEncoder | null): Promise<IntentModel | null> {
  const stats = await db.intent.aggregate({ where: { workspaceId: scope.workspaceId, botId: scope.botId }, _count: { _all: true }, _max: { updatedAt: true } });
  const signature = `${stats._count._all}:${stats._max.updatedAt?.toISOString() ?? ""}`;
  return cachedIntentModel(scope, signature, () => listIntents(db, scope), encoder ?? null);
}

/**
 * The cached model when the intents' signature (count + newest edit, and the
 * encoder) is unchanged, else a model trained from `readIntents`. With an
 * encoder the examples are encoded first and the model scores sentences too;
 * if encoding fails the model is trained on words alone, and the encoder is
 * tried again a minute later.
 */
async function cachedIntentModel(
  scope: IntentScope,
  intentsSignature: string,
  readIntents: () => Promise<Pick<IntentRecord, "name" | "examples">[]>,
  encoder: SentenceEncoder | null,
): Promise<IntentModel | null> {
  const key = cacheKey(scope);
  const signature = `${intentsSignature}:${encoder?.name ?? "words"}`;
  const cached = modelCache.get(key);
  if (cached !== undefined && cached.signature === signature && (cached.retryEncoderAfter ?? Infinity) > Date.now()) return cached.model;
  const intents = (await readIntents()).filter((i) => i.examples.length > 0);
  if (intents.length === 0) {
    modelCache.delete(key);
    return null;
  }
  const definitions = intents.map((i) => ({ name: i.name, examples: i.examples }));
  const sentenceVectors = encoder === null ? null : await encodeExamples(encoder, definitions).catch(() => null);
  const model = trainIntentClassifier({ intents: definitions, ...(sentenceVectors === null ? {} : { sentenceVectors }) });
  modelCache.set(key, { signature, model, ...(encoder !== null && sentenceVectors === null ? { retryEncoderAfter: Date.now() + ENCODER_RETRY_MS } : {}) });
  return model;
}

/** A bot's intents by name, read with plain SQL through the given connection (see `loadIntentModelOver`). */
export async function listIntentsOver(sql: KnowledgeQueryable, scope: IntentScope): Promise<IntentRecord[]> {
  const result = await sql.query<IntentRecord>(
    `SELECT "id", "name", "description", "examples", "createdAt", "updatedAt" FROM "Intent"
     WHERE "workspaceId" = $1::uuid AND "botId" = $2::uuid ORDER BY "name"`,
    [scope.workspaceId, scope.botId],
  );
  return result.rows;
}

/**
 * `loadIntentModel` through plain SQL on a given connection, sharing its
 * cache: a runtime turn reads through its own connection, because the
 * embedded database serves one transaction at a time and a second
 * connection would wait for the turn that is waiting for it.
 */
export async function loadIntentModelOver(sql: KnowledgeQueryable, scope: IntentScope, encoder?: SentenceEncoder | null): Promise<IntentModel | null> {
  const stats = await sql.query<{ count: number; newest: Date | null }>(
    `SELECT count(*)::int AS count, max("updatedAt") AS newest FROM "Intent" WHERE "workspaceId" = $1::uuid AND "botId" = $2::uuid`,
    [scope.workspaceId, scope.botId],
  );
  const row = stats.rows[0];
  const signature = `${row?.count ?? 0}:${row?.newest ? new Date(row.newest).toISOString() : ""}`;
  return cachedIntentModel(scope, signature, () => listIntentsOver(sql, scope), encoder ?? null);
}

import { KnowledgeError, type RowError } from "./errors.ts";
import { parseSource, type ChunkInput, type KnowledgeFile, type KnowledgeSourceKind, type ParseSourceOptions } from "./parseSource.ts";
import { withTransaction, type KnowledgeConnection, type KnowledgePool } from "./sql.ts";

/** done and total chunks written so far; called after each batch. */
export type ProgressCallback = (done: number, total: number) => void;

export type IngestSourceInput = {
  workspaceId: string;
  botId: string;
  kind: KnowledgeSourceKind;
  title: string;
  file: KnowledgeFile;
  onProgress?: ProgressCallback;
  chunking?: ParseSourceOptions;
};

export type IngestResult = { sourceId: string; chunkCount: number; bytes: number; skipped: RowError[] };

const batchSize = 500;

async function insertChunks(client: KnowledgeConnection, ids: { workspaceId: string; botId: string; sourceId: string }, chunks: readonly ChunkInput[], onProgress?: ProgressCallback): Promise<void> {
  onProgress?.(0, chunks.length);
  for (let start = 0; start < chunks.length; start += batchSize) {
    const batch = chunks.slice(start, start + batchSize);
    await client.query(
      `INSERT INTO "KnowledgeChunk" ("workspaceId", "botId", "sourceId", "position", "question", "answer", "heading", "content")
       SELECT $1, $2, $3, t.position, t.question, t.answer, t.heading, t.content
       FROM unnest($4::int[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(position, question, answer, heading, content)`,
      [ids.workspaceId, ids.botId, ids.sourceId, batch.map((c) => c.position), batch.map((c) => c.question), batch.map((c) => c.answer), batch.map((c) => c.heading), batch.map((c) => c.content)],
    );
    onProgress?.(Math.min(start + batchSize, chunks.length), chunks.length);
  }
}

async function assertBotInWorkspace(client: KnowledgeConnection, workspaceId: string, botId: string): Promise<void> {
  const bot = await client.query(`SELECT 1 FROM "Bot" WHERE "id" = $1 AND "workspaceId" = $2`, [botId, workspaceId]);
  if (bot.rowCount === 0) throw new KnowledgeError("NOT_FOUND", "The bot was not found in this workspace.");
}

const isUuid = (id: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/**
 * Imports one file into a bot's knowledge base. Everything is parsed first;
 * then the source and all its chunks are written in one transaction, so a
 * bad file or a failure half-way stores nothing.
 */
export async function ingestSource(pool: KnowledgePool, input: IngestSourceInput): Promise<IngestResult> {
  if (!isUuid(input.workspaceId) || !isUuid(input.botId)) throw new KnowledgeError("NOT_FOUND", "The bot was not found in this workspace.");
  const title = input.title.trim();
  if (title === "" || title.length > 200) throw new KnowledgeError("BAD_REQUEST", "Give the source a title of 1 to 200 characters.");
  const parsed = await parseSource(input.kind, input.file, input.chunking);
  const sourceId = await withTransaction(pool, async (client) => {
    await assertBotInWorkspace(client, input.workspaceId, input.botId);
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO "KnowledgeSource" ("workspaceId", "botId", "kind", "title", "status", "originalName", "bytes", "chunkCount", "updatedAt")
       VALUES ($1, $2, $3::"KnowledgeSourceKind", $4, 'READY', $5, $6, $7, now()) RETURNING "id"`,
      [input.workspaceId, input.botId, input.kind, title, input.file.name, parsed.bytes, parsed.chunks.length],
    );
    const id = inserted.rows[0]?.id;
    if (id === undefined) throw new Error("INSERT ... RETURNING returned no row");
    await insertChunks(client, { workspaceId: input.workspaceId, botId: input.botId, sourceId: id }, parsed.chunks, input.onProgress);
    return id;
  });
  return { sourceId, chunkCount: parsed.chunks.length, bytes: parsed.bytes, skipped: parsed.skipped };
}

export type ReplaceSourceInput = {
  workspaceId: string;
  botId: string;
  sourceId: string;
  file: KnowledgeFile;
  title?: string;
  onProgress?: ProgressCallback;
  chunking?: ParseSourceOptions;
};

/**
 * Re-imports a source from a new file. Its chunks are swapped in one
 * transaction: readers see the old chunks until it commits, then only the
 * new ones. The source keeps its kind; embeddings must be computed again.
 */
export async function replaceSource(pool: KnowledgePool, input: ReplaceSourceInput): Promise<IngestResult> {
  if (![input.workspaceId, input.botId, input.sourceId].every(isUuid)) throw new KnowledgeError("NOT_FOUND", "The knowledge source was not found in this workspace.");
  const current = await pool.query<{ kind: KnowledgeSourceKind }>(
    `SELECT "kind"::text AS kind FROM "KnowledgeSource" WHERE "id" = $1 AND "workspaceId" = $2 AND "botId" = $3`,
    [input.sourceId, input.workspaceId, input.botId],
  );
  const kind = current.rows[0]?.kind;
  if (kind === undefined) throw new KnowledgeError("NOT_FOUND", "The knowledge source was not found in this workspace.");
  const parsed = await parseSource(kind, input.file, input.chunking);
  const title = input.title?.trim();
  await withTransaction(pool, async (client) => {
    // the row lock orders two concurrent replaces of the same source
    const locked = await client.query(`SELECT 1 FROM "KnowledgeSource" WHERE "id" = $1 AND "workspaceId" = $2 AND "botId" = $3 FOR UPDATE`, [input.sourceId, input.workspaceId, input.botId]);
    if (locked.rowCount === 0) throw new KnowledgeError("NOT_FOUND", "The knowledge source was not found in this workspace.");
    await client.query(`DELETE FROM "KnowledgeChunk" WHERE "sourceId" = $1`, [input.sourceId]);
    await insertChunks(client, { workspaceId: input.workspaceId, botId: input.botId, sourceId: input.sourceId }, parsed.chunks, input.onProgress);
    await client.query(
      `UPDATE "KnowledgeSource" SET "originalName" = $2, "bytes" = $3, "chunkCount" = $4, "status" = 'READY', "error" = NULL,
         "title" = coalesce($5, "title"), "updatedAt" = now() WHERE "id" = $1`,
      [input.sourceId, input.file.name, parsed.bytes, parsed.chunks.length, title === undefined || title === "" ? null : title],
    );
  });
  return { sourceId: input.sourceId, chunkCount: parsed.chunks.length, bytes: parsed.bytes, skipped: parsed.skipped };
}

export type KnowledgeSourceSummary = {
  id: string;
  kind: KnowledgeSourceKind;
  title: string;
  status: "READY" | "PROCESSING" | "FAILED";
  error: string | null;
  originalName: string | null;
  bytes: number;
  chunkCount: number;
  createdAt: Date;
  updatedAt: Date;
};

/** A bot's sources, newest first. */
export async function listSources(pool: KnowledgePool, scope: { workspaceId: string; botId: string }): Promise<KnowledgeSourceSummary[]> {
  if (!isUuid(scope.workspaceId) || !isUuid(scope.botId)) return [];
  const result = await pool.query<KnowledgeSourceSummary>(
    `SELECT "id", "kind"::text AS kind, "title", "status"::text AS status, "error", "originalName", "bytes", "chunkCount", "createdAt", "updatedAt"
     FROM "KnowledgeSource" WHERE "workspaceId" = $1 AND "botId" = $2 ORDER BY "createdAt" DESC, "id"`,
    [scope.workspaceId, scope.botId],
  );
  return result.rows;
}

/** Deletes a source and its chunks. */
export async function deleteSource(pool: KnowledgePool, scope: { workspaceId: string; botId: string; sourceId: string }): Promise<void> {
  if (![scope.workspaceId, scope.botId, scope.sourceId].every(isUuid)) throw new KnowledgeError("NOT_FOUND", "The knowledge source was not found in this workspace.");
  const result = await pool.query(`DELETE FROM "KnowledgeSource" WHERE "id" = $1 AND "workspaceId" = $2 AND "botId" = $3`, [scope.sourceId, scope.workspaceId, scope.botId]);
  if (result.rowCount === 0) throw new KnowledgeError("NOT_FOUND", "The knowledge source was not found in this workspace.");
}

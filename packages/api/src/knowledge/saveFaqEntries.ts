import { ingestSource, listChunks, parseFaqJson, replaceSource, type IngestResult, type KnowledgePool } from "@chatwright/knowledge";
import { DomainError } from "../errors";
import { withKnowledgeErrors } from "./knowledgeErrors";

/** The source the dashboard's questions-and-answers form writes: one per bot, told apart from imports by its file name. */
export const FAQ_FORM_FILE_NAME = "questions-and-answers.json";
export const FAQ_FORM_TITLE = "Questions and answers";

/** Rows the form edits at most; a longer FAQ is a spreadsheet to import. */
export const MAX_FAQ_FORM_ENTRIES = 200;

export interface FaqFormEntry {
  question: string;
  answer: string;
}

async function findFaqFormSource(pool: KnowledgePool, scope: { workspaceId: string; botId: string }): Promise<string | null> {
  const found = await pool.query<{ id: string }>(
    `SELECT "id" FROM "KnowledgeSource" WHERE "workspaceId" = $1 AND "botId" = $2 AND "kind" = 'FAQ' AND "originalName" = $3 ORDER BY "createdAt", "id" LIMIT 1`,
    [scope.workspaceId, scope.botId, FAQ_FORM_FILE_NAME],
  );
  return found.rows[0]?.id ?? null;
}

/** The rows of the bot's questions-and-answers source, in order; none before the first save. */
export async function readFaqEntries(pool: KnowledgePool, scope: { workspaceId: string; botId: string }): Promise<FaqFormEntry[]> {
  const sourceId = await findFaqFormSource(pool, scope);
  if (sourceId === null) return [];
  const chunks = await withKnowledgeErrors(() => listChunks(pool, { ...scope, sourceId, limit: MAX_FAQ_FORM_ENTRIES }));
  return chunks.map((chunk) => ({ question: chunk.question ?? "", answer: chunk.answer ?? chunk.content }));
}

/**
 * Stores the form's rows as the bot's questions-and-answers source: creates
 * it on the first save, replaces its entries after that (the form always
 * sends every row). A row the knowledge base would skip (a question asked
 * twice) refuses the save with its row number, and nothing is written.
 */
export async function saveFaqEntries(
  pool: KnowledgePool,
  input: { workspaceId: string; botId: string; entries: readonly FaqFormEntry[] },
): Promise<IngestResult> {
  const text = JSON.stringify(input.entries.map(({ question, answer }) => ({ question, answer })));
  const { errors } = await withKnowledgeErrors(async () => parseFaqJson(text));
  if (errors.length > 0) {
    const list = errors.slice(0, 3).map((error) => `Row ${error.row}: ${error.message}`).join(" ");
    throw new DomainError("BAD_REQUEST", `Fix these rows, then save again. ${list}`, { rowErrors: errors });
  }
  const file = { name: FAQ_FORM_FILE_NAME, text };
  const sourceId = await findFaqFormSource(pool, input);
  return withKnowledgeErrors(() =>
    sourceId === null
      ? ingestSource(pool, { workspaceId: input.workspaceId, botId: input.botId, kind: "FAQ", title: FAQ_FORM_TITLE, file })
      : replaceSource(pool, { workspaceId: input.workspaceId, botId: input.botId, sourceId, file }),
  );
}

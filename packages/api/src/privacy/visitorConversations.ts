import type { Db } from "@chatwright/db";
import { notFound } from "../errors";

export interface VisitorScope {
  workspaceId: string;
  /** Narrows to one bot; null: every bot of the workspace. */
  botId: string | null;
  visitorId: string;
}

/**
 * The ids of a visitor's conversations in one workspace. A visitor id is the
 * widget's random localStorage id; the same browser has the same id on every
 * bot of a shop, so without `botId` all of the workspace's bots are searched.
 * A bot of another workspace is NOT_FOUND; another workspace's visitor simply
 * has no conversations here.
 */
export async function findVisitorConversationIds(db: Pick<Db, "bot" | "conversation">, scope: VisitorScope): Promise<string[]> {
  const bots = await db.bot.findMany({
    where: { workspaceId: scope.workspaceId, ...(scope.botId ? { id: scope.botId } : {}) },
    select: { id: true },
  });
  if (scope.botId && bots.length === 0) throw notFound("Bot");
  if (bots.length === 0) return [];
  // botId IN (...) lets Postgres use the (botId, visitorId) index.
  const rows = await db.conversation.findMany({
    where: { workspaceId: scope.workspaceId, botId: { in: bots.map((bot) => bot.id) }, visitorId: scope.visitorId },
    select: { id: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => row.id);
}

import { randomBytes } from "node:crypto";
import type { Db } from "@chatwright/db";
import { DomainError, notFound } from "../errors";
import { liveStateOf, readBotLiveStates, type BotLiveState } from "./readBotLiveStates";

export interface BotRecord {
  id: string;
  name: string;
  publicKey: string;
  allowedOrigins: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** A bot as the dashboard lists it: with whether it is live. */
export interface BotSummary extends BotRecord, BotLiveState {}

const botSelect = { id: true, name: true, publicKey: true, allowedOrigins: true, createdAt: true, updatedAt: true } as const;

/** Public widget key: shown in the embed snippet, not a secret, unguessable so bots can't be enumerated. */
export function createBotPublicKey(): string {
  return `pk_${randomBytes(18).toString("base64url")}`;
}

export async function listBots(db: Db, workspaceId: string): Promise<BotSummary[]> {
  const [bots, states] = await Promise.all([
    db.bot.findMany({ where: { workspaceId }, select: botSelect, orderBy: { createdAt: "asc" } }),
    readBotLiveStates(db, { workspaceId }),
  ]);
  return bots.map((bot) => ({ ...bot, ...liveStateOf(states, bot.id) }));
}

/** The bot, or NOT_FOUND when it is not in the workspace (what other areas check before touching a bot). */
export async function getBot(db: Db, options: { workspaceId: string; botId: string }): Promise<BotRecord> {
  const bot = await db.bot.findFirst({ where: { id: options.botId, workspaceId: options.workspaceId }, select: botSelect });
  if (!bot) throw notFound("Bot");
  return bot;
}

export async function getBotSummary(db: Db, options: { workspaceId: string; botId: string }): Promise<BotSummary> {
  const bot = await getBot(db, options);
  const states = await readBotLiveStates(db, { workspaceId: options.workspaceId, botIds: [bot.id] });
  return { ...bot, ...liveStateOf(states, bot.id) };
}

/** A new bot is not live: its first answers publish the FAQ flow (publishFirstFaqFlow). */
export async function createBot(db: Db, options: { workspaceId: string; userId: string; name: string }): Promise<BotSummary> {
  const bot = await db.bot.create({
    data: { workspaceId: options.workspaceId, name: options.name.trim(), publicKey: createBotPublicKey() },
    select: botSelect,
  });
  await db.auditLog.create({ data: { workspaceId: options.workspaceId, userId: options.userId, action: "bot.created", targetType: "Bot", targetId: bot.id } });
  return { ...bot, liveVersion: null, hasDraftChanges: false };
}

export async function renameBot(db: Db, options: { workspaceId: string; botId: string; name: string }): Promise<BotSummary> {
  const updated = await db.bot.updateMany({ where: { id: options.botId, workspaceId: options.workspaceId }, data: { name: options.name.trim() } });
  if (updated.count === 0) throw notFound("Bot");
  return getBotSummary(db, options);
}

/** Deleting needs the bot's name typed again: it removes its flows and conversations too. */
export async function deleteBot(db: Db, options: { workspaceId: string; userId: string; botId: string; confirmName: string }): Promise<void> {
  const bot = await getBot(db, options);
  if (bot.name !== options.confirmName.trim()) {
    throw new DomainError("BAD_REQUEST", `To delete this bot, type its name exactly: ${bot.name}`);
  }
  await db.$transaction([
    db.bot.deleteMany({ where: { id: bot.id, workspaceId: options.workspaceId } }),
    db.auditLog.create({ data: { workspaceId: options.workspaceId, userId: options.userId, action: "bot.deleted", targetType: "Bot", targetId: bot.id, metadata: { name: bot.name } } }),
  ]);
}

import type { Db, Plan } from "@chatwright/db";
import { DomainError, notFound } from "../errors";
import { normalizeOrigin } from "../widget/origins";
import { readWidgetTheme, type WidgetTheme } from "../widget/theme";

export interface WidgetSettings {
  publicKey: string;
  allowedOrigins: string[];
  theme: WidgetTheme;
  whiteLabel: boolean;
  /** White-label (no "Powered by Chatwright") is an Enterprise feature. */
  canWhiteLabel: boolean;
}

const MAX_ALLOWED_ORIGINS = 50;

export async function getWidgetSettings(db: Db, scope: { workspaceId: string; botId: string; plan: Plan }): Promise<WidgetSettings> {
  const bot = await db.bot.findFirst({ where: { id: scope.botId, workspaceId: scope.workspaceId }, select: { publicKey: true, allowedOrigins: true, theme: true, whiteLabel: true } });
  if (!bot) throw notFound("Bot");
  return { ...bot, theme: readWidgetTheme(bot.theme), canWhiteLabel: scope.plan === "ENTERPRISE" };
}

/** Origins are stored normalised (`https://shop.com`), deduplicated; anything that is not a bare origin is refused by name. */
export function normalizeAllowedOrigins(origins: readonly string[]): string[] {
  const invalid: string[] = [];
  const normalized = new Set<string>();
  for (const origin of origins) {
    const value = normalizeOrigin(origin);
    if (value) normalized.add(value);
    else invalid.push(origin);
  }
  if (invalid.length > 0) {
    throw new DomainError(
      "BAD_REQUEST",
      `These are not website addresses: ${invalid.map((o) => `"${o}"`).join(", ")}. Use the form https://shop.com (no path), or https://*.shop.com for all subdomains.`,
    );
  }
  if (normalized.size > MAX_ALLOWED_ORIGINS) throw new DomainError("BAD_REQUEST", `A bot can have at most ${MAX_ALLOWED_ORIGINS} allowed websites.`);
  return [...normalized];
}

export async function updateWidgetSettings(
  db: Db,
  input: { workspaceId: string; userId: string; botId: string; plan: Plan; allowedOrigins: string[]; theme: WidgetTheme; whiteLabel: boolean },
): Promise<WidgetSettings> {
  const allowedOrigins = normalizeAllowedOrigins(input.allowedOrigins);
  if (input.whiteLabel && input.plan !== "ENTERPRISE") {
    throw new DomainError("PRECONDITION_FAILED", "Hiding the Chatwright branding is part of the Enterprise plan. Upgrade to turn it on.");
  }
  const theme = { ...input.theme, avatarUrl: input.theme.avatarUrl === "" ? null : input.theme.avatarUrl };
  const updated = await db.bot.updateMany({ where: { id: input.botId, workspaceId: input.workspaceId }, data: { allowedOrigins, theme, whiteLabel: input.whiteLabel } });
  if (updated.count === 0) throw notFound("Bot");
  await db.auditLog.create({
    data: { workspaceId: input.workspaceId, userId: input.userId, action: "bot.widgetSettingsUpdated", targetType: "Bot", targetId: input.botId, metadata: { allowedOrigins } },
  });
  return getWidgetSettings(db, input);
}

/** What a bot's live state says, in the owner's words (the badge's text and its longer explanation). */
export interface BotStateDescription {
  tone: "live" | "changed" | "off";
  label: string;
  detail: string;
}

export function describeBotState(bot: { liveVersion: number | null; hasDraftChanges: boolean }): BotStateDescription {
  if (bot.liveVersion === null) {
    return { tone: "off", label: "Not live", detail: "Visitors cannot chat with this bot yet. Give it its first answers on the Knowledge tab." };
  }
  if (bot.hasDraftChanges) {
    return {
      tone: "changed",
      label: `Live v${bot.liveVersion} · draft changes`,
      detail: `Visitors chat with version ${bot.liveVersion}. The flow has changes that are not published yet.`,
    };
  }
  return { tone: "live", label: `Live v${bot.liveVersion}`, detail: `Visitors chat with version ${bot.liveVersion}.` };
}

/** The bot's hosted try page on this server: its own widget, on every plan. */
export function tryPagePath(publicKey: string): string {
  return `/try/${encodeURIComponent(publicKey)}`;
}

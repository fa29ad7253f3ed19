import "./onboarding.css";
import { describeBotState, tryPagePath } from "./describeBotState";

/** "Live v3", "Live v3 · draft changes" or "Not live", with the explanation as its tooltip and for screen readers. */
export function BotStateBadge({ bot }: { bot: { liveVersion: number | null; hasDraftChanges: boolean } }) {
  const state = describeBotState(bot);
  return (
    <span className={`bot-state is-${state.tone}`} title={state.detail}>
      <span aria-hidden="true" className="bot-state-dot" />
      {state.label}
      <span className="visually-hidden">. {state.detail}</span>
    </span>
  );
}

/** Opens the bot's hosted try page (its own widget) in a new tab. */
export function TryBotLink({ publicKey, className = "button secondary" }: { publicKey: string; className?: string }) {
  return (
    <a className={`try-bot ${className}`} href={tryPagePath(publicKey)} target="_blank" rel="noopener noreferrer">
      Try your bot
      <span aria-hidden="true" className="try-bot-icon">
        ↗
      </span>
      <span className="visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}

import "./onboarding.css";
import { useEffect, useRef } from "react";
import { paths } from "../router";
import { Link } from "../components/Link";
import type { FirstBotCreated } from "./FirstBotForm";
import { TryBotLink } from "./BotState";

/** What the first-run form did, and the next step: try the bot, or go and teach it more. */
export function FirstBotOutcome({ workspaceId, created }: { workspaceId: string; created: FirstBotCreated }) {
  const { bot, answerCount, answersError, isLive } = created;
  const knowledge = paths.bot(workspaceId, bot.id, "knowledge");
  const heading = useRef<HTMLHeadingElement>(null);
  // The form it replaces is gone: the outcome takes the focus, so keyboard and screen-reader users land on it.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className={`panel first-bot-outcome${isLive ? " is-live" : ""}`} aria-labelledby="first-bot-outcome-heading">
      <h2 id="first-bot-outcome-heading" ref={heading} tabIndex={-1}>{isLive ? `“${bot.name}” is live` : `“${bot.name}” is created`}</h2>
      {answersError ? (
        <p className="form-error">
          Its answers were not saved: {answersError} Add them on the bot's <Link href={knowledge}>Knowledge tab</Link>.
        </p>
      ) : isLive ? (
        <p>
          It answers the {answerCount === 1 ? "question" : `${answerCount} questions`} you gave it. Try it the way your customers will, in its own
          page.
        </p>
      ) : (
        <p>It is not live yet: give it its first answers on its Knowledge tab.</p>
      )}
      <div className="actions">
        {isLive ? <TryBotLink publicKey={bot.publicKey} className="button" /> : null}
        <Link className={isLive ? "button secondary" : "button"} href={knowledge}>
          {isLive ? "Add more answers" : "Add answers"}
        </Link>
      </div>
    </section>
  );
}

import { useEffect, useRef, useState } from "react";
import type { Bot } from "../trpc";
import { paths } from "../router";
import { Link } from "./Link";
import { RenameBotForm } from "./RenameBotForm";
import { BotStateBadge, TryBotLink } from "../onboarding/BotState";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

interface BotItemProps {
  workspaceId: string;
  bot: Bot;
  canEdit: boolean;
  onRenamed: (name: string) => void;
  onDelete: (bot: Bot) => void;
}

export function BotItem({ workspaceId, bot, canEdit, onRenamed, onDelete }: BotItemProps) {
  const [isEditing, setIsEditing] = useState(false);
  const [shouldRestoreFocus, setShouldRestoreFocus] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!isEditing && shouldRestoreFocus) {
      renameButton.current?.focus();
      setShouldRestoreFocus(false);
    }
  }, [isEditing, shouldRestoreFocus]);

  function finishEditing(newName: string | null) {
    setIsEditing(false);
    setShouldRestoreFocus(true);
    if (newName) onRenamed(newName);
  }

  return (
    <li className="bot">
      {isEditing ? <RenameBotForm workspaceId={workspaceId} bot={bot} onDone={finishEditing} /> : (
        <div className="bot-title">
          <h3 className="bot-name">
            <Link href={paths.bot(workspaceId, bot.id)}>{bot.name}</Link>
          </h3>
          <BotStateBadge bot={bot} />
        </div>
      )}
      <dl className="bot-facts">
        <div>
          <dt>Public key</dt>
          <dd>
            <code>{bot.publicKey}</code>
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            <time dateTime={bot.createdAt}>{dateFormat.format(new Date(bot.createdAt))}</time>
          </dd>
        </div>
      </dl>
      {!isEditing ? (
        <div className="actions">
          {bot.liveVersion !== null ? <TryBotLink publicKey={bot.publicKey} /> : null}
          {canEdit ? (
            <>
              <button ref={renameButton} type="button" className="secondary" aria-label={`Rename “${bot.name}”`} onClick={() => setIsEditing(true)}>
                Rename
              </button>
              <button type="button" className="danger-outline" aria-label={`Delete “${bot.name}”`} onClick={() => onDelete(bot)}>
                Delete
              </button>
            </>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

import type { InboxRow } from "../trpc";
import { formatWaitTime } from "./formatWaitTime";
import { friendlyVisitorName } from "./friendlyVisitorName";
import { useNow } from "./useNow";
import { VisitorAvatar } from "./VisitorAvatar";

interface ConversationListProps {
  rows: readonly InboxRow[] | undefined;
  selectedId: string | null;
  userId: string;
  onSelect(conversationId: string): void;
}

/** The queue as a help desk shows it: who, what they last asked, how long they have waited, what is unread. */
export function ConversationList({ rows, selectedId, userId, onSelect }: ConversationListProps) {
  const now = useNow();
  return (
    <ul aria-label="Conversations" className="inbox-list">
      {(rows ?? []).map((row) => {
        const name = row.visitorName ?? friendlyVisitorName(row.visitorId);
        // Dates arrive as ISO text (the API has no date transformer).
        const waited = row.waitingSince ? formatWaitTime(new Date(row.waitingSince), now) : null;
        const when = waited
          ? { text: waited === "just now" ? "Waiting now" : `Waiting ${waited}`, isWaiting: true }
          : { text: ago(new Date(row.lastVisitorMessage?.sentAt ?? row.updatedAt), now), isWaiting: false };
        const owner = row.assignee ? (row.assignee.userId === userId ? "with you" : `with ${row.assignee.name}`) : null;
        return (
          <li key={row.conversationId}>
            <button
              type="button"
              className={row.unreadCount > 0 ? "inbox-row is-unread" : "inbox-row"}
              aria-current={selectedId === row.conversationId ? "true" : undefined}
              onClick={() => onSelect(row.conversationId)}
            >
              <VisitorAvatar name={name} visitorId={row.visitorId} />
              <span className="inbox-row-main">
                <span className="inbox-row-top">
                  <span className="inbox-row-name">{name}</span>
                  <span className={when.isWaiting ? "inbox-row-time is-waiting" : "inbox-row-time"}>{when.text}</span>
                </span>
                <span className="inbox-row-preview">{row.lastVisitorMessage?.text ?? "No message from the visitor yet"}</span>
                <span className="inbox-row-meta">
                  {row.botName}
                  {owner ? ` · ${owner}` : ""}
                  {row.unreadCount > 0 ? (
                    <span className="inbox-unread">
                      {row.unreadCount} <span className="visually-hidden">unread</span>
                    </span>
                  ) : null}
                </span>
              </span>
            </button>
          </li>
        );
      })}
      {rows && rows.length === 0 ? <li className="inbox-empty">No conversations here.</li> : null}
    </ul>
  );
}

function ago(date: Date, now: Date): string {
  const text = formatWaitTime(date, now);
  return text === "just now" ? text : `${text} ago`;
}

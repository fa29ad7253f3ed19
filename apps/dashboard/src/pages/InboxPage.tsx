import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC, type Me, type WorkspaceSummary } from "../trpc";
import { describeError } from "../errors";
import { PageHeading } from "../components/PageHeading";
import { ConversationView } from "../inbox/ConversationView";
import { useInboxLive } from "../inbox/useInboxLive";

type Queue = "waiting" | "mine" | "open" | "resolved";
const QUEUES: { queue: Queue; label: string }[] = [
  { queue: "waiting", label: "Waiting" },
  { queue: "mine", label: "Mine" },
  { queue: "open", label: "All open" },
  { queue: "resolved", label: "Resolved" },
];

/** The agents' inbox: queues, live list, one conversation at a time. */
export function InboxPage({ me, workspace }: { me: Me; workspace: WorkspaceSummary }) {
  const trpc = useTRPC();
  const [queue, setQueue] = useState<Queue>("waiting");
  const [search, setSearch] = useState("");
  const [botId, setBotId] = useState("");
  const [selected, setSelected] = useState<string | null>(null);
  const [presence, setPresence] = useState<"online" | "away">("online");
  const [notifications, setNotifications] = useState(typeof Notification === "undefined" ? "denied" : Notification.permission);
  useInboxLive({ workspaceId: workspace.id, presence });
  const bots = useQuery(trpc.bots.list.queryOptions({ workspaceId: workspace.id }));
  const list = useQuery(trpc.inbox.list.queryOptions({ workspaceId: workspace.id, queue, search: search.trim() || null, botId: botId || null }));

  return (
    <>
      <PageHeading>Inbox</PageHeading>
      <div className="inbox-toolbar">
        <fieldset>
          <legend>Your status</legend>
          {(["online", "away"] as const).map((state) => (
            <label key={state}>
              <input type="radio" name="presence" checked={presence === state} onChange={() => setPresence(state)} /> {state === "online" ? "Online" : "Away"}
            </label>
          ))}
        </fieldset>
        <label>
          Search <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="Visitor or text" />
        </label>
        <label>
          Bot{" "}
          <select value={botId} onChange={(event) => setBotId(event.target.value)}>
            <option value="">All bots</option>
            {(bots.data ?? []).map((bot) => (
              <option key={bot.id} value={bot.id}>
                {bot.name}
              </option>
            ))}
          </select>
        </label>
        {notifications === "default" ? (
          <button type="button" onClick={() => void Notification.requestPermission().then(setNotifications)}>
            Notify me of waiting visitors
          </button>
        ) : null}
      </div>
      <div role="tablist" aria-label="Queues" className="inbox-queues">
        {QUEUES.map((q) => (
          <button key={q.queue} type="button" role="tab" aria-selected={queue === q.queue} onClick={() => setQueue(q.queue)}>
            {q.label} <span className="badge">{list.data?.counts[q.queue] ?? "…"}</span>
          </button>
        ))}
      </div>
      <div className="inbox">
        {list.isError ? (
          <p className="form-error" role="alert">
            {describeError(list.error).message}
          </p>
        ) : (
          <ul aria-label="Conversations" className="inbox-list">
            {(list.data?.conversations ?? []).map((row) => (
              <li key={row.conversationId}>
                <button type="button" aria-current={selected === row.conversationId ? "true" : undefined} onClick={() => setSelected(row.conversationId)}>
                  <strong>{row.botName}</strong> · {row.visitorId.slice(0, 12)} {row.unreadCount > 0 ? <span className="badge" aria-label={`${row.unreadCount} unread`}>{row.unreadCount}</span> : null}
                  <br />
                  <span>{row.lastVisitorMessage?.text ?? ""}</span>
                  {row.assignee ? <span> · {row.assignee.userId === me.user.id ? "you" : row.assignee.name}</span> : null}
                </button>
              </li>
            ))}
            {list.data && list.data.conversations.length === 0 ? <li>No conversations here.</li> : null}
          </ul>
        )}
        {selected ? <ConversationView key={selected} workspaceId={workspace.id} conversationId={selected} userId={me.user.id} /> : <p className="lede">Pick a conversation.</p>}
      </div>
    </>
  );
}

import "../inbox/inbox.css";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC, type Me, type WorkspaceSummary } from "../trpc";
import { describeError } from "../errors";
import { PageHeading } from "../components/PageHeading";
import { ConversationList } from "../inbox/ConversationList";
import { ConversationView } from "../inbox/ConversationView";
import { useInboxLive } from "../inbox/useInboxLive";

type Queue = "waiting" | "mine" | "open" | "resolved";
const QUEUES: { queue: Queue; label: string }[] = [
  { queue: "waiting", label: "Waiting" },
  { queue: "mine", label: "Mine" },
  { queue: "open", label: "All open" },
  { queue: "resolved", label: "Resolved" },
];

/** The agents' inbox: queues, live list, one conversation at a time (on a phone, the list or the conversation). */
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
    <div className="inbox-page">
      <div className="inbox-header">
        <PageHeading>Inbox</PageHeading>
        <div className="inbox-toolbar">
          <fieldset className="presence-toggle">
            <legend className="visually-hidden">Your status</legend>
            {(["online", "away"] as const).map((state) => (
              <label key={state} className={presence === state ? "is-chosen" : undefined}>
                <input type="radio" name="presence" checked={presence === state} onChange={() => setPresence(state)} />
                <span className={`presence-dot is-${state}`} aria-hidden="true" /> {state === "online" ? "Online" : "Away"}
              </label>
            ))}
          </fieldset>
          <label className="visually-hidden" htmlFor="inbox-search">
            Search
          </label>
          <input id="inbox-search" type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="Search name or text" />
          <label className="visually-hidden" htmlFor="inbox-bot">
            Bot
          </label>
          <select id="inbox-bot" value={botId} onChange={(event) => setBotId(event.target.value)}>
            <option value="">All bots</option>
            {(bots.data ?? []).map((bot) => (
              <option key={bot.id} value={bot.id}>
                {bot.name}
              </option>
            ))}
          </select>
          {notifications === "default" ? (
            <button type="button" className="secondary small" onClick={() => void Notification.requestPermission().then(setNotifications)}>
              Notify me of waiting visitors
            </button>
          ) : null}
        </div>
      </div>
      <div className={selected ? "inbox has-selection" : "inbox"}>
        <div className="inbox-list-pane">
          <div role="tablist" aria-label="Queues" className="inbox-queues">
            {QUEUES.map((q) => (
              <button key={q.queue} type="button" role="tab" aria-selected={queue === q.queue} onClick={() => setQueue(q.queue)}>
                {q.label} <span className="queue-count">{list.data?.counts[q.queue] ?? "…"}</span>
              </button>
            ))}
          </div>
          {list.isError ? (
            <p className="form-error" role="alert">
              {describeError(list.error).message}
            </p>
          ) : (
            <ConversationList rows={list.data?.conversations} selectedId={selected} userId={me.user.id} onSelect={setSelected} />
          )}
        </div>
        <div className="inbox-conversation-pane">
          {selected ? (
            <ConversationView
              key={selected}
              workspaceId={workspace.id}
              conversationId={selected}
              userId={me.user.id}
              onBack={() => setSelected(null)}
              onBecameMine={() => setQueue("mine")}
            />
          ) : (
            <div className="inbox-nothing-open">
              <p>Pick a conversation on the left to read it and reply.</p>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

import { useEffect, useRef } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC, useTRPCClient, type InboxConversation } from "../trpc";
import { describeError } from "../errors";
import { Composer } from "./Composer";
import { describeBotKnowledge } from "./describeBotKnowledge";
import { downloadFile } from "./downloadFile";
import { formatWaitTime } from "./formatWaitTime";
import { friendlyVisitorName } from "./friendlyVisitorName";
import { planConversationActions } from "./planConversationActions";
import { useNow } from "./useNow";
import { VisitorAvatar } from "./VisitorAvatar";

const STATUS_LABEL: Record<InboxConversation["status"], string> = {
  BOT: "With the bot",
  WAITING_AGENT: "Waiting for a person",
  AGENT: "With a person",
  CLOSED: "Closed",
};

/** The status in a few words, naming who has it: "With you", "With Ada". */
function describeStatus(conversation: Pick<InboxConversation, "status" | "assignee">, userId: string): string {
  if (conversation.status !== "AGENT" || !conversation.assignee) return STATUS_LABEL[conversation.status];
  return conversation.assignee.userId === userId ? "With you" : `With ${conversation.assignee.name}`;
}
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

type Message = InboxConversation["messages"][number];

function newClientMessageId(): string {
  return `agent_${crypto.randomUUID().replace(/-/g, "")}`;
}

/**
 * Which side a line sits on, as in Chatwoot or Intercom seen by the team: the
 * visitor on the left, the shop's side (bot and agents) on the right, notes
 * across the middle in yellow, because the visitor never sees them.
 */
function sideOf(message: Message): "visitor" | "team" | "note" | "system" {
  if (message.isInternal) return "note";
  if (message.role === "VISITOR") return "visitor";
  if (message.role === "SYSTEM") return "system";
  return "team";
}

interface ConversationViewProps {
  workspaceId: string;
  conversationId: string;
  userId: string;
  /** On a phone: back to the list. */
  onBack?: () => void;
  /** The conversation became the agent's (claimed, taken over): the page shows the queue it is in now. */
  onBecameMine?: () => void;
}

/** One conversation: who and where it stands, the action that fits, the transcript, the reply box, what the bot knows. */
export function ConversationView({ workspaceId, conversationId, userId, onBack, onBecameMine }: ConversationViewProps) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const now = useNow();
  const conversation = useQuery(trpc.inbox.get.queryOptions({ workspaceId, conversationId }));
  const agents = useQuery(trpc.inbox.agents.queryOptions({ workspaceId }));
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.inbox.get.queryFilter({ workspaceId, conversationId }));
    await queryClient.invalidateQueries({ queryKey: trpc.inbox.list.pathKey() });
  };
  const options = { onSuccess: refresh };
  const becameMine = {
    onSuccess: async (result: { assignedAgentId: string }) => {
      if (result.assignedAgentId === userId) onBecameMine?.();
      await refresh();
    },
  };
  const claim = useMutation(trpc.inbox.claim.mutationOptions(becameMine));
  const assign = useMutation(trpc.inbox.assign.mutationOptions(becameMine));
  const send = useMutation(trpc.inbox.reply.mutationOptions(options));
  const addNote = useMutation(trpc.inbox.note.mutationOptions(options));
  const resolve = useMutation(trpc.inbox.resolve.mutationOptions(options));
  const giveBack = useMutation(trpc.inbox.returnToBot.mutationOptions(options));
  const markRead = useMutation(trpc.inbox.markRead.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.inbox.list.pathKey() }) }));
  const markReadNow = markRead.mutate;
  const lastSeq = conversation.data?.lastSeq;
  useEffect(() => {
    if (lastSeq !== undefined) markReadNow({ workspaceId, conversationId });
  }, [lastSeq, workspaceId, conversationId, markReadNow]);

  const transcriptRef = useRef<HTMLOListElement>(null);
  const messageCount = conversation.data?.messages.length ?? 0;
  useEffect(() => {
    // The newest line is the one to read: keep the transcript scrolled to the bottom as lines arrive.
    const list = transcriptRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [messageCount]);

  const failure = [claim, assign, send, addNote, resolve, giveBack].find((m) => m.error)?.error ?? null;

  if (conversation.isPending) return <p role="status">Loading the conversation…</p>;
  if (conversation.isError) return <p className="form-error" role="alert">{describeError(conversation.error).message}</p>;
  const c = conversation.data;
  const plan = planConversationActions(c, userId);
  const name = c.visitorName ?? friendlyVisitorName(c.visitorId);
  const facts = describeBotKnowledge(c.variables, c.matchedIntent);
  const waited = c.waitingSince ? formatWaitTime(new Date(c.waitingSince), now) : null;

  async function exportAs(format: "csv" | "json") {
    const file = await client.inbox.exportTranscript.query({ workspaceId, conversationId, format });
    downloadFile(file.fileName, file.content, format === "csv" ? "text/csv" : "application/json");
  }

  return (
    <section aria-labelledby="conversation-heading" className="inbox-conversation">
      <header className="conversation-head">
        {onBack ? (
          <button type="button" className="secondary small conversation-back" onClick={onBack}>
            <span aria-hidden="true">← </span>All conversations
          </button>
        ) : null}
        <VisitorAvatar name={name} visitorId={c.visitorId} />
        <div className="conversation-who">
          <h2 id="conversation-heading">{name}</h2>
          <p className="conversation-sub">
            {c.botName} · {c.visitorName ? null : <span title="The visitor gave no name; this one is made up from their visitor id.">no name given · </span>}
            <span className="conversation-visitor-id">{c.visitorId}</span>
          </p>
        </div>
        <p className="conversation-state">
          <span className={`status-pill is-${c.status.toLowerCase()}`} aria-label="Status">
            {describeStatus(c, userId)}
          </span>
          {waited ? (
            <span className="conversation-waiting">
              {c.status === "WAITING_AGENT" ? (waited === "just now" ? " since just now" : ` for ${waited}`) : waited === "just now" ? " · the visitor is waiting" : ` · the visitor has waited ${waited}`}
            </span>
          ) : null}
        </p>
      </header>
      <div className="conversation-actions">
        {plan.primary === "claim" ? (
          <button type="button" onClick={() => claim.mutate({ workspaceId, conversationId })} disabled={claim.isPending}>
            Claim
          </button>
        ) : null}
        {plan.canTakeOver ? (
          <button type="button" className="secondary small" onClick={() => assign.mutate({ workspaceId, conversationId, assigneeUserId: userId })} disabled={assign.isPending}>
            Take over
          </button>
        ) : null}
        {plan.canAssign ? (
          <label className="conversation-assign">
            Assign to{" "}
            <select
              value={c.assignee?.userId ?? ""}
              onChange={(event) => event.target.value && assign.mutate({ workspaceId, conversationId, assigneeUserId: event.target.value })}
            >
              <option value="">Nobody</option>
              {(agents.data ?? []).map((agent) => (
                <option key={agent.userId} value={agent.userId}>
                  {agent.userId === userId ? `${agent.name} (you)` : agent.name} · {agent.presence}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {plan.canRelease ? (
          <>
            <button type="button" className="secondary small" onClick={() => giveBack.mutate({ workspaceId, conversationId })} disabled={giveBack.isPending}>
              Return to bot
            </button>
            <button type="button" className="secondary small" onClick={() => resolve.mutate({ workspaceId, conversationId })} disabled={resolve.isPending}>
              Resolve
            </button>
          </>
        ) : null}
        <details className="conversation-export">
          <summary className="button secondary small">Export</summary>
          <div className="conversation-export-menu">
            <button type="button" className="secondary small" onClick={() => void exportAs("csv")}>
              Export CSV
            </button>
            <button type="button" className="secondary small" onClick={() => void exportAs("json")}>
              Export JSON
            </button>
          </div>
        </details>
      </div>
      {failure ? (
        <p className="form-error" role="alert">
          {describeError(failure).message}
        </p>
      ) : null}
      <div className="conversation-body">
        <div className="conversation-thread">
          <ol aria-label="Transcript" className="transcript" ref={transcriptRef} tabIndex={0}>
            {c.messages.map((m) => {
              const side = sideOf(m);
              const author = side === "note" ? `Internal note${m.authorName ? ` · ${m.authorName}` : ""}` : m.role === "VISITOR" ? name : m.role === "AGENT" ? (m.authorName ?? "Agent") : m.role === "BOT" ? "Bot" : "System";
              return (
                <li key={m.id} className={`message from-${side} role-${m.role.toLowerCase()}`}>
                  <span className="message-meta">
                    {author} · <time dateTime={m.createdAt}>{timeFormat.format(new Date(m.createdAt))}</time>
                  </span>
                  <span className="visually-hidden">: </span>
                  <span className="message-text">{m.text}</span>
                  {m.sources.length > 0 ? (
                    <small className="message-sources" style={{ display: "block", marginTop: 4, opacity: 0.75 }}>
                      Sources: {m.sources.join(" · ")}
                    </small>
                  ) : null}
                </li>
              );
            })}
          </ol>
          {plan.primary === "claim" ? <p className="composer-hint">Claim the conversation to reply; until then you can leave a note for the team.</p> : null}
          {plan.canTakeOver && c.assignee ? <p className="composer-hint">{c.assignee.name} is answering. Take over to reply yourself.</p> : null}
          <Composer
            key={plan.canReply ? "reply" : "note"}
            canReply={plan.canReply}
            isSending={send.isPending || addNote.isPending}
            onReply={(text) => send.mutateAsync({ workspaceId, conversationId, text, clientMessageId: newClientMessageId() })}
            onNote={(text) => addNote.mutateAsync({ workspaceId, conversationId, text })}
          />
        </div>
        <aside className="conversation-facts" aria-labelledby="variables-heading">
          <h3 id="variables-heading">What the bot knows</h3>
          {facts.length ? (
            <dl className="facts-list">
              {facts.map((fact) => (
                <div key={fact.label}>
                  <dt>{fact.label}</dt>
                  <dd>{fact.value}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <p className="hint">Nothing yet: no topic recognised and no answers collected.</p>
          )}
        </aside>
      </div>
    </section>
  );
}

import { useEffect, useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC, useTRPCClient, type InboxConversation } from "../trpc";
import { describeError } from "../errors";
import { downloadFile } from "./downloadFile";

const STATUS_LABEL: Record<InboxConversation["status"], string> = {
  BOT: "With the bot",
  WAITING_AGENT: "Waiting for a person",
  AGENT: "With a person",
  CLOSED: "Closed",
};
const ROLE_LABEL: Record<InboxConversation["messages"][number]["role"], string> = { VISITOR: "Visitor", BOT: "Bot", AGENT: "Agent", SYSTEM: "System" };

function newClientMessageId(): string {
  return `agent_${crypto.randomUUID().replace(/-/g, "")}`;
}

/** One conversation: transcript with notes, what the bot knows, and the agent's actions. */
export function ConversationView({ workspaceId, conversationId, userId }: { workspaceId: string; conversationId: string; userId: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const conversation = useQuery(trpc.inbox.get.queryOptions({ workspaceId, conversationId }));
  const agents = useQuery(trpc.inbox.agents.queryOptions({ workspaceId }));
  const [reply, setReply] = useState("");
  const [note, setNote] = useState("");
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.inbox.get.queryFilter({ workspaceId, conversationId }));
    await queryClient.invalidateQueries({ queryKey: trpc.inbox.list.pathKey() });
  };
  const options = { onSuccess: refresh };
  const claim = useMutation(trpc.inbox.claim.mutationOptions(options));
  const assign = useMutation(trpc.inbox.assign.mutationOptions(options));
  const send = useMutation(trpc.inbox.reply.mutationOptions({ onSuccess: async () => { setReply(""); await refresh(); } }));
  const addNote = useMutation(trpc.inbox.note.mutationOptions({ onSuccess: async () => { setNote(""); await refresh(); } }));
  const resolve = useMutation(trpc.inbox.resolve.mutationOptions(options));
  const giveBack = useMutation(trpc.inbox.returnToBot.mutationOptions(options));
  const markRead = useMutation(trpc.inbox.markRead.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.inbox.list.pathKey() }) }));
  const markReadNow = markRead.mutate;
  const lastSeq = conversation.data?.lastSeq;
  useEffect(() => {
    if (lastSeq !== undefined) markReadNow({ workspaceId, conversationId });
  }, [lastSeq, workspaceId, conversationId, markReadNow]);

  const failure = [claim, assign, send, addNote, resolve, giveBack].find((m) => m.error)?.error ?? null;

  if (conversation.isPending) return <p role="status">Loading the conversation…</p>;
  if (conversation.isError) return <p className="form-error" role="alert">{describeError(conversation.error).message}</p>;
  const c = conversation.data;
  const isMine = c.status === "AGENT" && c.assignee?.userId === userId;
  const isWithPerson = c.status === "WAITING_AGENT" || c.status === "AGENT";

  async function exportAs(format: "csv" | "json") {
    const file = await client.inbox.exportTranscript.query({ workspaceId, conversationId, format });
    downloadFile(file.fileName, file.content, format === "csv" ? "text/csv" : "application/json");
  }
  function submitReply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (reply.trim()) send.mutate({ workspaceId, conversationId, text: reply, clientMessageId: newClientMessageId() });
  }
  function submitNote(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (note.trim()) addNote.mutate({ workspaceId, conversationId, text: note });
  }

  return (
    <section aria-labelledby="conversation-heading" className="panel inbox-conversation">
      <h2 id="conversation-heading">
        {c.botName} · visitor {c.visitorId.slice(0, 12)}
      </h2>
      <p>
        <span className="badge" aria-label="Status">{STATUS_LABEL[c.status]}</span>
        {c.assignee ? <> · with {c.assignee.userId === userId ? "you" : c.assignee.name}</> : null}
      </p>
      <div className="inbox-actions">
        {isWithPerson && !c.assignee ? (
          <button type="button" onClick={() => claim.mutate({ workspaceId, conversationId })} disabled={claim.isPending}>
            Claim
          </button>
        ) : null}
        {isWithPerson ? (
          <>
            <label>
              Assign to{" "}
              <select
                value={c.assignee?.userId ?? ""}
                onChange={(event) => event.target.value && assign.mutate({ workspaceId, conversationId, assigneeUserId: event.target.value })}
              >
                <option value="">Nobody</option>
                {(agents.data ?? []).map((agent) => (
                  <option key={agent.userId} value={agent.userId}>
                    {agent.name} ({agent.presence})
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => resolve.mutate({ workspaceId, conversationId })} disabled={resolve.isPending}>
              Resolve
            </button>
            <button type="button" onClick={() => giveBack.mutate({ workspaceId, conversationId })} disabled={giveBack.isPending}>
              Return to bot
            </button>
          </>
        ) : null}
        <button type="button" onClick={() => void exportAs("csv")}>
          Export CSV
        </button>
        <button type="button" onClick={() => void exportAs("json")}>
          Export JSON
        </button>
      </div>
      {failure ? (
        <p className="form-error" role="alert">
          {describeError(failure).message}
        </p>
      ) : null}
      <ol aria-label="Transcript" className="transcript">
        {c.messages.map((m) => (
          <li key={m.id} className={m.isInternal ? "note" : m.role.toLowerCase()}>
            <strong>{m.isInternal ? `Internal note${m.authorName ? ` · ${m.authorName}` : ""}` : m.role === "AGENT" && m.authorName ? m.authorName : ROLE_LABEL[m.role]}:</strong> {m.text}
          </li>
        ))}
      </ol>
      {isMine ? (
        <form onSubmit={submitReply}>
          <label htmlFor="inbox-reply">Reply to visitor</label>
          <textarea id="inbox-reply" value={reply} onChange={(event) => setReply(event.target.value)} rows={3} maxLength={4000} />
          <button type="submit" disabled={send.isPending}>
            Send reply
          </button>
        </form>
      ) : isWithPerson ? (
        <p className="lede">Claim the conversation to reply.</p>
      ) : null}
      <form onSubmit={submitNote}>
        <label htmlFor="inbox-note">Internal note</label>
        <textarea id="inbox-note" value={note} onChange={(event) => setNote(event.target.value)} rows={2} maxLength={4000} />
        <button type="submit" disabled={addNote.isPending}>
          Add note
        </button>
      </form>
      <section aria-labelledby="variables-heading">
        <h3 id="variables-heading">What the bot knows</h3>
        <dl className="variables">
          <dt>Matched intent</dt>
          <dd>{c.matchedIntent ?? "none"}</dd>
          {Object.entries(c.variables).map(([key, value]) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
    </section>
  );
}

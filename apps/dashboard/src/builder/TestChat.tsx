import { useContext, useEffect, useRef, useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import { BuilderStoreContext } from "./store";

interface ChatLine {
  from: "bot" | "visitor" | "note";
  text: string;
  /** What a bot answer was taken from, as the visitor sees it under the answer. */
  sources?: string[];
}

interface TestChatProps {
  workspaceId: string;
  botId: string;
  onFocusNode?: (nodeId: string) => void;
  /** A fixed graph to chat with (the FAQ bot on plans without the canvas); without it, the canvas's current draft. */
  graph?: unknown;
}

/**
 * Chats with the current draft (saved or not) through conversations.simulate:
 * nothing is stored, the snapshot travels with each turn, and the canvas
 * highlights the step the conversation is at. Given a `graph`, it needs no
 * canvas: every plan has the test chat.
 */
export function TestChat({ workspaceId, botId, onFocusNode, graph }: TestChatProps) {
  const trpc = useTRPC();
  const store = useContext(BuilderStoreContext);
  const [lines, setLines] = useState<ChatLine[]>([]);
  const [snapshot, setSnapshot] = useState<unknown>(undefined);
  const [status, setStatus] = useState<string | null>(null);
  const [problems, setProblems] = useState<{ message: string; nodeId?: string | undefined }[]>([]);
  const [text, setText] = useState("");
  const logRef = useRef<HTMLOListElement>(null);
  const simulate = useMutation(trpc.conversations.simulate.mutationOptions());

  const runTurn = async (event: { type: "VISITOR_MESSAGE"; text: string } | undefined, fromSnapshot: unknown) => {
    const result = await simulate.mutateAsync({ workspaceId, botId, graph: graph ?? store?.getState().toGraph(), ...(fromSnapshot === undefined ? {} : { snapshot: fromSnapshot }), ...(event ? { event } : {}) });
    if (!result.ok) {
      setProblems(result.errors);
      store?.getState().setSimulation({ activeNodeId: null, visitedNodeIds: [] });
      return;
    }
    setProblems([]);
    setSnapshot(result.snapshot);
    setStatus(result.status);
    setLines((previous) => [
      ...previous,
      ...result.messages.map((message): ChatLine => ({ from: "bot", text: message.text, ...(message.sources ? { sources: message.sources } : {}) })),
      ...(result.error ? [{ from: "note" as const, text: `Error at ${result.error.nodeId ?? "a step"}: ${result.error.message}` }] : []),
      ...(result.status === "ended" ? [{ from: "note" as const, text: "The conversation ended." }] : []),
      ...(result.status === "handoff" ? [{ from: "note" as const, text: "Handed over to a person (in the test chat nobody answers)." }] : []),
    ]);
    store?.getState().setSimulation({ activeNodeId: result.activeNodeId, visitedNodeIds: result.path });
  };

  const restart = () => {
    setLines([]);
    setSnapshot(undefined);
    setStatus(null);
    void runTurn(undefined, undefined).catch(() => undefined);
  };

  // Starts when opened (once: restart is not a dependency on purpose); clears the highlight when closed.
  useEffect(() => {
    restart();
    return () => store?.getState().setSimulation({ activeNodeId: null, visitedNodeIds: [] });
  }, []);

  useEffect(() => {
    logRef.current?.lastElementChild?.scrollIntoView({ block: "nearest" });
  }, [lines]);

  const send = (event: FormEvent) => {
    event.preventDefault();
    const message = text.trim();
    if (!message || simulate.isPending) return;
    setText("");
    setLines((previous) => [...previous, { from: "visitor", text: message }]);
    void runTurn({ type: "VISITOR_MESSAGE", text: message }, snapshot).catch(() => undefined);
  };

  const canSend = problems.length === 0 && status === "waiting";
  return (
    <section className="test-chat" aria-label="Test chat">
      <div className="actions">
        <h3>Test chat</h3>
        <button type="button" className="secondary small" onClick={restart}>
          Restart
        </button>
      </div>
      <p className="hint">{graph === undefined ? "Tries your current draft, saved or not. Nothing is stored." : "Tries your bot with its current answers. Nothing is stored."}</p>
      {problems.length ? (
        <div role="alert" className="form-error">
          Fix these problems to try the flow:
          <ul>
            {problems.map((problem, index) => (
              <li key={index}>
                {problem.nodeId && onFocusNode ? (
                  <button type="button" className="link-button" onClick={() => onFocusNode(problem.nodeId ?? "")}>
                    {problem.message}
                  </button>
                ) : (
                  problem.message
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ol className="chat-log" ref={logRef} aria-label="Messages" aria-live="polite">
        {lines.map((line, index) => (
          <li key={index} className={`chat-line from-${line.from}`}>
            <span className="visually-hidden">{line.from === "bot" ? "Bot: " : line.from === "visitor" ? "You: " : ""}</span>
            {line.text}
            {line.sources?.length ? (
              <small className="chat-sources" style={{ display: "block", marginTop: 4, opacity: 0.75 }}>
                Sources:{" "}
                {line.sources.map((source, i) => (
                  <span key={source}>
                    {i > 0 ? " · " : ""}
                    {/^https?:\/\//i.test(source) ? (
                      <a href={source} target="_blank" rel="noopener noreferrer">
                        {source}
                      </a>
                    ) : (
                      source
                    )}
                  </span>
                ))}
              </small>
            ) : null}
          </li>
        ))}
        {simulate.isPending ? <li className="chat-line from-note">…</li> : null}
      </ol>
      {simulate.isError ? <p className="form-error">{describeError(simulate.error).message}</p> : null}
      <form className="chat-form" onSubmit={send}>
        <label htmlFor="test-chat-input" className="visually-hidden">
          Message to the bot
        </label>
        <input id="test-chat-input" value={text} onChange={(event) => setText(event.target.value)} placeholder={canSend ? "Write as a visitor…" : "The bot is not waiting for a message"} autoComplete="off" />
        <button type="submit" disabled={!canSend || simulate.isPending}>
          Send
        </button>
      </form>
    </section>
  );
}

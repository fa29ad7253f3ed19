import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";

type Mode = "reply" | "note";

interface ComposerProps {
  /** The assigned agent writes to the visitor; anyone may leave an internal note. */
  canReply: boolean;
  isSending: boolean;
  onReply(text: string): Promise<unknown>;
  onNote(text: string): Promise<unknown>;
}

/**
 * The box at the bottom of a conversation, as in a help desk: "Reply" to the
 * visitor or "Internal note" for the team (yellow, never sent). The reply box
 * has the focus as soon as the conversation is the agent's; Ctrl+Enter sends.
 */
export function Composer({ canReply, isSending, onReply, onNote }: ComposerProps) {
  const [mode, setMode] = useState<Mode>(canReply ? "reply" : "note");
  const [reply, setReply] = useState("");
  const [note, setNote] = useState("");
  const boxRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const shownMode: Mode = canReply ? mode : "note";

  useEffect(() => {
    if (canReply) {
      setMode("reply");
      boxRef.current?.focus();
    }
  }, [canReply]);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const text = shownMode === "reply" ? reply : note;
    if (!text.trim() || isSending) return;
    await (shownMode === "reply" ? onReply(text) : onNote(text));
    if (shownMode === "reply") setReply("");
    else setNote("");
    boxRef.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) void submit();
  };

  return (
    <form className={`composer is-${shownMode}`} onSubmit={(event) => void submit(event)}>
      <div className="composer-modes" role="group" aria-label="Write">
        {canReply ? (
          <button type="button" className="composer-mode" aria-pressed={shownMode === "reply"} onClick={() => setMode("reply")}>
            Reply
          </button>
        ) : null}
        <button type="button" className="composer-mode" aria-pressed={shownMode === "note"} onClick={() => setMode("note")}>
          Internal note
        </button>
      </div>
      <label htmlFor={`${id}-text`} className="visually-hidden">
        {shownMode === "reply" ? "Reply to visitor" : "Internal note"}
      </label>
      <textarea
        ref={boxRef}
        id={`${id}-text`}
        value={shownMode === "reply" ? reply : note}
        onChange={(event) => (shownMode === "reply" ? setReply(event.target.value) : setNote(event.target.value))}
        onKeyDown={onKeyDown}
        rows={3}
        maxLength={4000}
        placeholder={shownMode === "reply" ? "Write to the visitor…" : "Only your team sees notes."}
      />
      <div className="composer-actions">
        <span className="hint">Ctrl+Enter to send</span>
        <button type="submit" disabled={isSending}>
          {shownMode === "reply" ? "Send reply" : "Add note"}
        </button>
      </div>
    </form>
  );
}

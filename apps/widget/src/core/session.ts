import { backoffDelay } from "./backoff";
import { createDrafts } from "./drafts";
import { createOutbox, type KeyValueStore, type OutgoingMessage } from "./outbox";
import { createTimeline } from "./timeline";
import { ChatError, type ChatEvent, type ChatMessage, type ConversationStatus, type OpenedConversation } from "./types";

export interface VisitorDetails {
  name?: string;
  email?: string;
}

export interface SubscriptionHandlers {
  /** The server confirmed the subscription: catch-up follows. */
  onOpen(): void;
  onEvent(event: ChatEvent): void;
  /** The connection ended; `error` is null for a plain disconnect. */
  onClose(error: ChatError | null): void;
}

/** The widget router as the session needs it; HTTP/WebSocket/SSE in the page, a fake in tests. */
export interface ChatTransport {
  init(input: { visitorId: string; conversationId: string | null; visitor?: VisitorDetails }): Promise<OpenedConversation>;
  send(input: { visitorId: string; conversationId: string; clientMessageId: string; text: string }): Promise<{ status: ConversationStatus; messages: ChatMessage[] }>;
  rate(input: { visitorId: string; conversationId: string; rating: number }): Promise<unknown>;
  /** Opens one subscription; returns the function that closes it. Reconnecting is the session's job. */
  subscribe(input: { visitorId: string; conversationId: string; lastEventId: string }, handlers: SubscriptionHandlers): () => void;
}

export interface ChatSessionDeps {
  transport: ChatTransport;
  store: KeyValueStore;
  /** Prefix of this bot's storage keys. */
  storageKey: string;
  setTimer(run: () => void, ms: number): () => void;
  random(): number;
  newId(): string;
}

export interface ChatSessionView {
  phase: "idle" | "starting" | "ready" | "failed";
  status: ConversationStatus;
  messages: readonly ChatMessage[];
  /** Sent by the visitor, not confirmed yet (shown as "sending"). */
  pending: readonly OutgoingMessage[];
  /** Refused by the server for good (a 4xx), each with its `failure`: shown as "not sent", with retry and delete. */
  unsent: readonly OutgoingMessage[];
  drafts: readonly { nodeId: string; text: string }[];
  connection: "connecting" | "live" | "reconnecting" | "offline";
  isTyping: boolean;
  error: string | null;
  hasRated: boolean;
}

function toChatError(error: unknown): ChatError {
  return error instanceof ChatError ? error : new ChatError("NETWORK", "Can't reach the chat right now. Retrying…", true);
}

/**
 * One visitor's conversation with a bot, free of the DOM: resumes or starts
 * it, keeps exactly one subscription open (reconnecting with backoff and
 * resuming after the last contiguous seq), sends messages through a
 * persistent outbox (resent with the same clientMessageId until the server
 * confirms), and shows each stored message once.
 */
export function createChatSession(deps: ChatSessionDeps) {
  const { transport, store } = deps;
  const keys = { visitor: `${deps.storageKey}:visitor`, conversation: `${deps.storageKey}:conversation`, details: `${deps.storageKey}:details`, outbox: `${deps.storageKey}:outbox` };
  const outbox = createOutbox(store, keys.outbox);
  const timeline = createTimeline();
  const drafts = createDrafts();
  const changeListeners = new Set<(view: ChatSessionView) => void>();
  const messageListeners = new Set<(message: ChatMessage) => void>();

  let visitorId = store.get(keys.visitor);
  if (!visitorId || !/^[A-Za-z0-9_-]{16,64}$/.test(visitorId)) {
    visitorId = `v_${deps.newId()}`;
    store.set(keys.visitor, visitorId);
  }
  const visitor = visitorId;
  let phase: ChatSessionView["phase"] = "idle";
  let status: ConversationStatus = "BOT";
  let conversationId: string | null = null;
  let connection: ChatSessionView["connection"] = "connecting";
  let isTyping = false;
  let error: string | null = null;
  let hasRated = false;
  let generation = 0;
  let closeSubscription: (() => void) | null = null;
  let cancelReconnect: (() => void) | null = null;
  let cancelResend: (() => void) | null = null;
  let connectAttempt = 0;
  let sendAttempt = 0;
  let isFlushing = false;

  const view = (): ChatSessionView => ({
    phase,
    status,
    messages: timeline.messages,
    pending: conversationId ? outbox.pending(conversationId).filter((m) => !timeline.hasClientMessageId(m.clientMessageId)) : [],
    unsent: conversationId ? outbox.failed(conversationId) : [],
    drafts: drafts.entries,
    connection,
    isTyping,
    error,
    hasRated,
  });
  const emit = () => {
    const current = view();
    for (const listener of changeListeners) listener(current);
  };
  const wait = (ms: number) => new Promise<void>((resolve) => deps.setTimer(resolve, ms));

  function receive(message: ChatMessage) {
    if (message.clientMessageId) outbox.acknowledge(message.clientMessageId);
    if (message.role !== "VISITOR") {
      drafts.complete(message.nodeId);
      isTyping = false;
    }
    if (timeline.add(message)) for (const listener of messageListeners) listener(message);
  }

  function stopTimersAndSubscription() {
    generation += 1;
    closeSubscription?.();
    closeSubscription = null;
    cancelReconnect?.();
    cancelReconnect = null;
    cancelResend?.();
    cancelResend = null;
  }

  function connect() {
    const id = conversationId;
    if (!id) return;
    const mine = generation;
    cancelReconnect = null;
    closeSubscription?.();
    closeSubscription = transport.subscribe(
      { visitorId: visitor, conversationId: id, lastEventId: String(timeline.resumeSeq) },
      {
        onOpen() {
          if (mine !== generation) return;
          connectAttempt = 0;
          connection = "live";
          emit();
          // Anything sent while we were away goes again now (the server de-duplicates).
          void flush();
        },
        onEvent(event) {
          if (mine !== generation) return;
          if (event.type === "message") receive(event.message);
          else if (event.type === "token") drafts.append(event.nodeId, event.text);
          else if (event.type === "status") status = event.status;
          else isTyping = event.isTyping;
          emit();
        },
        onClose(closeError) {
          if (mine !== generation) return;
          closeSubscription = null;
          if (closeError && !closeError.isRetryable) {
            connection = "offline";
            error = closeError.message;
            emit();
            return;
          }
          connection = "reconnecting";
          emit();
          cancelReconnect = deps.setTimer(connect, backoffDelay(connectAttempt++, deps.random));
        },
      },
    );
  }

  async function flush(): Promise<void> {
    const id = conversationId;
    if (isFlushing || !id) return;
    isFlushing = true;
    cancelResend?.();
    cancelResend = null;
    const mine = generation;
    try {
      for (;;) {
        const next = outbox.pending(id)[0];
        if (!next || mine !== generation) break;
        if (timeline.hasClientMessageId(next.clientMessageId)) {
          outbox.acknowledge(next.clientMessageId);
          continue;
        }
        try {
          const result = await transport.send({ visitorId: visitor, conversationId: id, clientMessageId: next.clientMessageId, text: next.text });
          if (mine !== generation) break;
          outbox.acknowledge(next.clientMessageId);
          status = result.status;
          for (const message of result.messages) receive(message);
          sendAttempt = 0;
          error = null;
        } catch (caught) {
          const failure = toChatError(caught);
          if (mine !== generation) break;
          if (failure.isRetryable) {
            cancelResend = deps.setTimer(() => void flush(), failure.retryAfterMs ?? backoffDelay(sendAttempt++, deps.random));
            break;
          }
          // Refused for good (e.g. text that cannot be stored): set aside for the visitor, and the queue goes on.
          outbox.fail(next.clientMessageId, failure.message);
        } finally {
          emit();
        }
      }
    } finally {
      isFlushing = false;
    }
  }

  function adopt(opened: OpenedConversation) {
    if (opened.isNew) outbox.clear();
    conversationId = opened.conversationId;
    store.set(keys.conversation, opened.conversationId);
    status = opened.status;
    drafts.clear();
    timeline.reset([], 0);
    timeline.reset(opened.messages, opened.lastSeq);
    for (const message of opened.messages) if (message.clientMessageId) outbox.acknowledge(message.clientMessageId);
    phase = "ready";
    error = null;
    connection = "connecting";
    emit();
    connect();
    void flush();
  }

  const readDetails = (): VisitorDetails => {
    try {
      const value: unknown = JSON.parse(store.get(keys.details) || "{}");
      const details: VisitorDetails = {};
      if (typeof value !== "object" || value === null) return details;
      if ("name" in value && typeof value.name === "string") details.name = value.name;
      if ("email" in value && typeof value.email === "string") details.email = value.email;
      return details;
    } catch {
      return {};
    }
  };

  return {
    get visitorId() {
      return visitor;
    },
    view,
    /** Resumes the stored conversation or starts one; retries while the server is unreachable. */
    async start(): Promise<void> {
      if (phase === "starting" || phase === "ready") return;
      phase = "starting";
      error = null;
      emit();
      const mine = generation;
      for (let attempt = 0; ; attempt += 1) {
        try {
          const opened = await transport.init({ visitorId: visitor, conversationId: store.get(keys.conversation), visitor: readDetails() });
          if (mine === generation) adopt(opened);
          return;
        } catch (caught) {
          const failure = toChatError(caught);
          if (mine !== generation) return;
          if (!failure.isRetryable) {
            phase = "failed";
            error = failure.message;
            emit();
            return;
          }
          error = failure.message;
          emit();
          await wait(failure.retryAfterMs ?? backoffDelay(attempt, deps.random));
          if (mine !== generation) return;
        }
      }
    },
    send(text: string): boolean {
      const trimmed = text.trim();
      if (!trimmed || !conversationId || phase !== "ready") return false;
      outbox.add({ clientMessageId: `m_${deps.newId()}`, conversationId, text: trimmed });
      error = null;
      emit();
      void flush();
      return true;
    },
    /** Sends a not-sent message again (same clientMessageId), after what is already queued. */
    retry(clientMessageId: string) {
      outbox.retry(clientMessageId);
      emit();
      void flush();
    },
    /** Deletes a not-sent message: it leaves the outbox for good. */
    discard(clientMessageId: string) {
      outbox.acknowledge(clientMessageId);
      emit();
    },
    async rate(rating: number): Promise<void> {
      if (!conversationId) return;
      await transport.rate({ visitorId: visitor, conversationId, rating }).then(
        () => (hasRated = true),
        (caught: unknown) => (error = toChatError(caught).message),
      );
      emit();
    },
    /** Forgets the conversation (the server keeps it) and starts a new one. */
    async startOver(): Promise<void> {
      stopTimersAndSubscription();
      outbox.clear();
      store.remove(keys.conversation);
      conversationId = null;
      timeline.reset([], 0);
      drafts.clear();
      hasRated = false;
      isTyping = false;
      phase = "idle";
      await this.start();
    },
    identify(details: VisitorDetails) {
      store.set(keys.details, JSON.stringify({ ...readDetails(), ...details }));
    },
    stop() {
      stopTimersAndSubscription();
    },
    onChange(listener: (view: ChatSessionView) => void): () => void {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    onMessage(listener: (message: ChatMessage) => void): () => void {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
  };
}

export type ChatSession = ReturnType<typeof createChatSession>;

import { describe, expect, it } from "vitest";
import type { KeyValueStore } from "./outbox";
import { createChatSession, type ChatTransport, type SubscriptionHandlers } from "./session";
import { ChatError, type ChatMessage, type OpenedConversation } from "./types";

/** A fake widget router with the server's rules: gap-free seqs, one stored message per clientMessageId. */
function createFakeServer() {
  const messages: ChatMessage[] = [];
  const subscriptions: { lastEventId: string; handlers: SubscriptionHandlers; isClosed: boolean }[] = [];
  let isDown = false;
  let nextSeq = 1;
  const sendCalls: string[] = [];
  const store = (role: ChatMessage["role"], text: string, clientMessageId: string | null = null) => {
    const message: ChatMessage = { id: `id${nextSeq}`, seq: nextSeq, role, text, clientMessageId, nodeId: role === "BOT" ? "say" : null, quickReplies: [], createdAt: "2026-11-25T10:00:00.000Z" };
    nextSeq += 1;
    messages.push(message);
    for (const sub of subscriptions) if (!sub.isClosed) sub.handlers.onEvent({ type: "message", message });
    return message;
  };
  const down = () => new ChatError("NETWORK", "Can't reach the chat right now.", true);
  const transport: ChatTransport = {
    async init(input): Promise<OpenedConversation> {
      if (isDown) throw down();
      if (input.conversationId === "c1") return { conversationId: "c1", status: "BOT", messages: [...messages], lastSeq: nextSeq - 1, isNew: false };
      store("BOT", "Hi! How can I help?");
      return { conversationId: "c1", status: "BOT", messages: [...messages], lastSeq: nextSeq - 1, isNew: true };
    },
    async send(input) {
      sendCalls.push(input.clientMessageId);
      if (isDown) throw down();
      const seen = messages.find((m) => m.clientMessageId === input.clientMessageId);
      if (seen) return { status: "BOT", messages: messages.filter((m) => m.seq >= seen.seq && m.seq <= seen.seq + 1) };
      const visitor = store("VISITOR", input.text, input.clientMessageId);
      const reply = store("BOT", `You said: ${input.text}`);
      return { status: "BOT", messages: [visitor, reply] };
    },
    async rate() {
      return { ok: true };
    },
    subscribe(input, handlers) {
      const sub = { lastEventId: input.lastEventId, handlers, isClosed: false };
      subscriptions.push(sub);
      queueMicrotask(() => {
        if (isDown) {
          sub.isClosed = true;
          handlers.onClose(null);
          return;
        }
        handlers.onOpen();
        for (const message of messages.filter((m) => m.seq > Number(input.lastEventId))) handlers.onEvent({ type: "message", message });
      });
      return () => {
        sub.isClosed = true;
      };
    },
  };
  return {
    transport,
    messages,
    subscriptions,
    sendCalls,
    store,
    /** Server stops: open subscriptions drop. */
    crash() {
      isDown = true;
      for (const sub of subscriptions.filter((s) => !s.isClosed)) {
        sub.isClosed = true;
        sub.handlers.onClose(null);
      }
    },
    restart() {
      isDown = false;
    },
  };
}

function createMemoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, get: (k) => data.get(k) ?? null, set: (k, v) => void data.set(k, v), remove: (k) => void data.delete(k) };
}

function createManualTimers() {
  let timers: { run: () => void; ms: number }[] = [];
  return {
    setTimer(run: () => void, ms: number) {
      const timer = { run, ms };
      timers.push(timer);
      return () => {
        timers = timers.filter((t) => t !== timer);
      };
    },
    get delays() {
      return timers.map((t) => t.ms);
    },
    /** Runs the timers due now, as time passing would. */
    async runAll() {
      const due = timers;
      timers = [];
      for (const timer of due) timer.run();
      await settle();
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
let ids = 0;

function createTestSession(server = createFakeServer(), store = createMemoryStore(), timers = createManualTimers()) {
  const session = createChatSession({ transport: server.transport, store, storageKey: "cw:pk_test", setTimer: timers.setTimer, random: () => 1, newId: () => `id_${String(++ids).padStart(16, "0")}` });
  return { session, server, store, timers };
}

const texts = (messages: readonly ChatMessage[]) => messages.map((m) => `${m.seq}:${m.role}:${m.text}`);

describe("chat session", () => {
  it("starts a conversation, sends, and shows the reply once although both the response and the subscription carry it", async () => {
    const { session, server } = createTestSession();
    await session.start();
    await settle();
    expect(session.view()).toMatchObject({ phase: "ready", connection: "live" });
    session.send("hello");
    await settle();
    expect(texts(session.view().messages)).toEqual(["1:BOT:Hi! How can I help?", "2:VISITOR:hello", "3:BOT:You said: hello"]);
    expect(session.view().pending).toEqual([]);
    expect(server.sendCalls).toHaveLength(1);
  });

  it("keeps a message sent while the server is down and resends it with the same clientMessageId after reconnecting; nothing is lost or doubled", async () => {
    const { session, server, timers } = createTestSession();
    await session.start();
    await settle();
    server.crash();
    expect(session.view().connection).toBe("reconnecting");
    session.send("are you there?");
    await settle();
    expect(session.view().pending.map((m) => m.text)).toEqual(["are you there?"]);
    // Meanwhile an agent message is stored that this client never received live.
    server.restart();
    server.store("AGENT", "Back online");
    server.crash();
    await timers.runAll(); // reconnect attempt and resend both fail while down
    expect(session.view().connection).toBe("reconnecting");
    server.restart();
    await timers.runAll();
    await settle();
    expect(texts(session.view().messages)).toEqual(["1:BOT:Hi! How can I help?", "2:AGENT:Back online", "3:VISITOR:are you there?", "4:BOT:You said: are you there?"]);
    expect(new Set(server.sendCalls).size).toBe(1);
    expect(server.sendCalls.length).toBeGreaterThanOrEqual(2);
    expect(server.messages.filter((m) => m.role === "VISITOR")).toHaveLength(1);
    // Every resubscription resumed after the last contiguous seq it had.
    expect(server.subscriptions.map((s) => s.lastEventId)).toEqual(["1", "1", "1"]);
    expect(session.view().connection).toBe("live");
  });

  it("reconnects with growing backoff and starts again from the first step once connected", async () => {
    const { session, server, timers } = createTestSession();
    await session.start();
    await settle();
    server.crash();
    expect(timers.delays).toEqual([500]);
    await timers.runAll();
    expect(timers.delays).toEqual([1000]);
    await timers.runAll();
    expect(timers.delays).toEqual([2000]);
    server.restart();
    await timers.runAll();
    expect(session.view().connection).toBe("live");
    server.crash();
    expect(timers.delays).toEqual([500]);
  });

  it("resends the unconfirmed outbox after a reload and resumes the same conversation", async () => {
    const store = createMemoryStore();
    const server = createFakeServer();
    const first = createTestSession(server, store);
    await first.session.start();
    await settle();
    server.crash();
    first.session.send("order A-12345");
    await settle();
    first.session.stop();
    server.restart();
    const second = createTestSession(server, store);
    expect(second.session.visitorId).toBe(first.session.visitorId);
    await second.session.start();
    await settle();
    await settle();
    expect(texts(second.session.view().messages)).toEqual(["1:BOT:Hi! How can I help?", "2:VISITOR:order A-12345", "3:BOT:You said: order A-12345"]);
    expect(store.data.has("cw:pk_test:outbox")).toBe(false);
  });

  it("drops the duplicate when the subscription delivers the visitor's message before the send response", async () => {
    const { session, server } = createTestSession();
    await session.start();
    await settle();
    const slowSend = server.transport.send;
    let release: () => void = () => undefined;
    server.transport.send = (input) => new Promise((resolve) => (release = () => resolve(slowSend(input))));
    session.send("hi");
    await settle();
    release();
    await settle();
    await settle();
    expect(texts(session.view().messages)).toEqual(["1:BOT:Hi! How can I help?", "2:VISITOR:hi", "3:BOT:You said: hi"]);
  });

  it("shows streamed tokens as a draft until the stored reply replaces it", async () => {
    const { session, server } = createTestSession();
    await session.start();
    await settle();
    const live = server.subscriptions.at(-1);
    live?.handlers.onEvent({ type: "token", nodeId: "say", text: "You " });
    live?.handlers.onEvent({ type: "token", nodeId: "say", text: "said" });
    expect(session.view().drafts).toEqual([{ nodeId: "say", text: "You said" }]);
    server.store("BOT", "You said it all");
    expect(session.view().drafts).toEqual([]);
  });

  it("stops retrying on a final error and says why", async () => {
    const { session, server, timers } = createTestSession();
    server.transport.init = async () => {
      throw new ChatError("FORBIDDEN", "This website is not allowed to use this bot.", false);
    };
    await session.start();
    expect(session.view()).toMatchObject({ phase: "failed", error: "This website is not allowed to use this bot." });
    expect(timers.delays).toEqual([]);
  });

  /** The server refuses any text with a NUL for good (400), as the widget router does. */
  function refuseNul(server: ReturnType<typeof createFakeServer>) {
    const realSend = server.transport.send;
    server.transport.send = async (input) => {
      server.sendCalls.push(`refused?${input.clientMessageId}`);
      if (input.text.includes("\u0000")) throw new ChatError("BAD_REQUEST", "The message contains characters that cannot be stored.", false);
      return realSend(input);
    };
    return () => (server.transport.send = realSend);
  }

  it("marks a message the server refuses (4xx) as not sent and sends the rest of the outbox", async () => {
    const { session, server, timers } = createTestSession();
    await session.start();
    await settle();
    refuseNul(server);
    session.send("poison \u0000");
    session.send("where is my order?");
    await settle();
    await settle();
    const view = session.view();
    expect(texts(view.messages).slice(1)).toEqual(["2:VISITOR:where is my order?", "3:BOT:You said: where is my order?"]);
    expect(view.unsent).toEqual([expect.objectContaining({ text: "poison \u0000", failure: "The message contains characters that cannot be stored." })]);
    expect(view.pending).toEqual([]);
    // Not a banner for the whole chat, and no retry scheduled: it waits for the visitor.
    expect(view.error).toBeNull();
    expect(timers.delays).toEqual([]);
  });

  it("keeps a not-sent message across a reload without sending it again; delete removes it for good", async () => {
    const store = createMemoryStore();
    const server = createFakeServer();
    const first = createTestSession(server, store);
    await first.session.start();
    await settle();
    refuseNul(server);
    first.session.send("poison \u0000");
    await settle();
    first.session.stop();
    const calls = server.sendCalls.length;

    const second = createTestSession(server, store);
    await second.session.start();
    await settle();
    second.session.send("hello again");
    await settle();
    await settle();
    expect(server.sendCalls.slice(calls).filter((id) => id.startsWith("refused?"))).toHaveLength(1);
    expect(texts(second.session.view().messages).slice(1)).toEqual(["2:VISITOR:hello again", "3:BOT:You said: hello again"]);
    const [unsent] = second.session.view().unsent;
    expect(unsent?.text).toBe("poison \u0000");
    second.session.discard(unsent?.clientMessageId ?? "");
    expect(second.session.view().unsent).toEqual([]);
    expect(store.data.has("cw:pk_test:outbox")).toBe(false);
  });

  it("retry sends a not-sent message again, with the same clientMessageId", async () => {
    const { session, server } = createTestSession();
    await session.start();
    await settle();
    const accept = refuseNul(server);
    session.send("first \u0000");
    await settle();
    const [unsent] = session.view().unsent;
    accept();
    session.retry(unsent?.clientMessageId ?? "");
    expect(session.view().unsent).toEqual([]);
    await settle();
    expect(texts(session.view().messages).slice(1)).toEqual(["2:VISITOR:first \u0000", "3:BOT:You said: first \u0000"]);
    expect(server.messages.find((m) => m.role === "VISITOR")?.clientMessageId).toBe(unsent?.clientMessageId);
  });

  it("keeps retrying a server error (5xx) with backoff, in order, as before", async () => {
    const { session, server, timers } = createTestSession();
    await session.start();
    await settle();
    const realSend = server.transport.send;
    server.transport.send = async () => {
      throw new ChatError("INTERNAL_SERVER_ERROR", "Something went wrong.", true);
    };
    session.send("one");
    session.send("two");
    await settle();
    expect(timers.delays).toEqual([500]);
    await timers.runAll();
    expect(timers.delays).toEqual([1000]);
    expect(session.view().unsent).toEqual([]);
    expect(session.view().pending.map((m) => m.text)).toEqual(["one", "two"]);
    server.transport.send = realSend;
    await timers.runAll();
    await settle();
    expect(texts(session.view().messages).slice(1)).toEqual(["2:VISITOR:one", "3:BOT:You said: one", "4:VISITOR:two", "5:BOT:You said: two"]);
  });

  it("starts over with a new conversation", async () => {
    const { session, store } = createTestSession();
    await session.start();
    await settle();
    await session.startOver();
    expect(store.data.get("cw:pk_test:conversation")).toBe("c1");
    expect(session.view().phase).toBe("ready");
  });
});

import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { z } from "zod";
import { createInProcessPublisher, type ConversationPublisher, type InboxEvent, type OutboundEvent } from "@chatwright/runtime";

const statusSchema = z.enum(["BOT", "WAITING_AGENT", "AGENT", "CLOSED"]);

// Events arrive from other processes as JSON: parsed, not cast, and dates revived.
const outboundEventSchema: z.ZodType<OutboundEvent> = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("message"),
    conversationId: z.string(),
    message: z.object({
      id: z.string(),
      conversationId: z.string(),
      seq: z.number(),
      role: z.enum(["VISITOR", "BOT", "AGENT", "SYSTEM"]),
      text: z.string(),
      clientMessageId: z.string().nullable(),
      nodeId: z.string().nullable(),
      quickReplies: z.array(z.string()),
      createdAt: z.coerce.date(),
    }),
  }),
  z.object({ type: z.literal("token"), conversationId: z.string(), nodeId: z.string(), text: z.string() }),
  z.object({ type: z.literal("status"), conversationId: z.string(), status: statusSchema }),
  z.object({ type: z.literal("typing"), conversationId: z.string(), isTyping: z.boolean() }),
]);

const inboxEventSchema: z.ZodType<InboxEvent> = z.object({
  type: z.literal("inbox"),
  workspaceId: z.string(),
  conversationId: z.string(),
  status: statusSchema,
  reason: z.enum(["handoff", "message", "claimed", "assigned", "note", "released"]),
});

const envelopeSchema = z.object({ origin: z.string(), event: z.unknown() });

export interface RedisPublisher extends ConversationPublisher {
  /** Stops receiving other processes' events; the connections stay open (their owner closes them). */
  close(): Promise<void>;
}

export interface RedisPublisherOptions {
  /** Sends PUBLISH. */
  commands: Redis;
  /** Receives; used for nothing else by this publisher. */
  subscriber: Redis;
  /** Channel namespace. Default "chatwright:". */
  prefix?: string;
  /** This process's id in every envelope; random by default. */
  origin?: string;
  /** A PUBLISH failed or a message could not be read; the event still reached this process's subscribers. */
  onError: (error: unknown, during: "publish" | "receive") => void;
}

const escapeGlob = (text: string) => text.replace(/[*?[\]\\]/g, "\\$&");

/**
 * Fan-out across server processes (ARCHITECTURE.md, "Several processes"). Publishing delivers to this
 * process's subscribers at once, as the in-process publisher does, and sends
 * the event to Redis under this process's origin id; one pattern
 * subscription brings every other process's events and delivers them here.
 * An event's own origin is skipped, so no subscriber gets one twice. While
 * Redis is away, local delivery goes on and only the other processes miss
 * out; clients fill message gaps from the database by seq.
 */
export async function createRedisPublisher(options: RedisPublisherOptions): Promise<RedisPublisher> {
  const prefix = options.prefix ?? "chatwright:";
  const origin = options.origin ?? randomUUID();
  const local = createInProcessPublisher();
  const conversationChannel = `${prefix}conv:`;
  const inboxChannel = `${prefix}inbox:`;
  const patterns = [`${escapeGlob(conversationChannel)}*`, `${escapeGlob(inboxChannel)}*`];

  const send = (channel: string, event: OutboundEvent | InboxEvent) => {
    Promise.resolve()
      .then(() => options.commands.publish(channel, JSON.stringify({ origin, event })))
      .catch((error: unknown) => {
        // While the connection is away its loss has been reported once; one report per event would flood the log.
        if (options.commands.status === "ready") options.onError(error, "publish");
      });
  };

  const receive = (pattern: string, channel: string, message: string) => {
    if (!patterns.includes(pattern)) return;
    try {
      const envelope = envelopeSchema.parse(JSON.parse(message));
      if (envelope.origin === origin) return;
      if (channel.startsWith(conversationChannel)) local.publish(outboundEventSchema.parse(envelope.event));
      else local.publishInbox(inboxEventSchema.parse(envelope.event));
    } catch (error) {
      options.onError(error, "receive");
    }
  };

  options.subscriber.on("pmessage", receive);
  try {
    await options.subscriber.psubscribe(...patterns);
  } catch (error) {
    options.subscriber.off("pmessage", receive);
    throw error;
  }

  return {
    publish(event) {
      local.publish(event);
      send(`${conversationChannel}${event.conversationId}`, event);
    },
    subscribe: (conversationId, listener) => local.subscribe(conversationId, listener),
    publishInbox(event) {
      local.publishInbox(event);
      send(`${inboxChannel}${event.workspaceId}`, event);
    },
    subscribeWorkspace: (workspaceId, listener) => local.subscribeWorkspace(workspaceId, listener),
    async close() {
      options.subscriber.off("pmessage", receive);
      if (options.subscriber.status === "ready") await options.subscriber.punsubscribe(...patterns).catch(() => undefined);
    },
  };
}

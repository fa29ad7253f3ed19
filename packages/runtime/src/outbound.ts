/** What a conversation's subscribers (widget, inbox) receive. */
export type ConversationStatus = "BOT" | "WAITING_AGENT" | "AGENT" | "CLOSED";
export type MessageRole = "VISITOR" | "BOT" | "AGENT" | "SYSTEM";

export interface StoredMessage {
  id: string;
  conversationId: string;
  /** Gap-free order within the conversation; clients resume after the last seq they saw. */
  seq: number;
  role: MessageRole;
  text: string;
  clientMessageId: string | null;
  nodeId: string | null;
  quickReplies: string[];
  /** A bot answer's sources (knowledge titles or addresses), when it has any. */
  sources?: string[];
  createdAt: Date;
}

export type OutboundEvent =
  | { type: "message"; conversationId: string; message: StoredMessage }
  /** A streamed piece of a bot reply still being generated; the full text follows as a message. */
  | { type: "token"; conversationId: string; nodeId: string; text: string }
  | { type: "status"; conversationId: string; status: ConversationStatus }
  | { type: "typing"; conversationId: string; isTyping: boolean };

/**
 * A small notice on the workspace's inbox topic: something changed in one of
 * its conversations (a handoff, a message while a person has it, a claim, a
 * note, a release). Inbox clients refetch what they show; no message text
 * travels here, so the topic can fan out widely (Redis) without leaking.
 */
export interface InboxEvent {
  type: "inbox";
  workspaceId: string;
  conversationId: string;
  status: ConversationStatus;
  reason: "handoff" | "message" | "claimed" | "assigned" | "note" | "released";
}

/**
 * Two topics: a conversation's (widget and agent views) and a workspace's
 * inbox. Every event is plain JSON, so a Redis pub/sub implementation
 * (channel per topic) can replace the in-process one without changing callers.
 */
export interface ConversationPublisher {
  publish(event: OutboundEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(conversationId: string, listener: (event: OutboundEvent) => void): () => void;
  publishInbox(event: InboxEvent): void;
  /** Returns the unsubscribe function. */
  subscribeWorkspace(workspaceId: string, listener: (event: InboxEvent) => void): () => void;
}

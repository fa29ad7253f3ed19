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
  createdAt: Date;
}

export type OutboundEvent =
  | { type: "message"; conversationId: string; message: StoredMessage }
  /** A streamed piece of a bot reply still being generated; the full text follows as a message. */
  | { type: "token"; conversationId: string; nodeId: string; text: string }
  | { type: "status"; conversationId: string; status: ConversationStatus }
  | { type: "typing"; conversationId: string; isTyping: boolean };

export interface ConversationPublisher {
  publish(event: OutboundEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(conversationId: string, listener: (event: OutboundEvent) => void): () => void;
}

/** What the widget router sends (see packages/api/src/routers/widget.ts); kept as plain types so the bundle imports nothing. */
export type ConversationStatus = "BOT" | "WAITING_AGENT" | "AGENT" | "CLOSED";

export interface ChatMessage {
  id: string;
  seq: number;
  role: "VISITOR" | "BOT" | "AGENT" | "SYSTEM";
  text: string;
  clientMessageId: string | null;
  nodeId: string | null;
  quickReplies: string[];
  /** What a bot answer was taken from: titles, or http(s) addresses shown as links. */
  sources?: string[];
  createdAt: string;
}

export type ChatEvent =
  | { type: "message"; message: ChatMessage }
  | { type: "token"; nodeId: string; text: string }
  | { type: "status"; status: ConversationStatus }
  | { type: "typing"; isTyping: boolean };

export interface WidgetTheme {
  primaryColor: string;
  position: "left" | "right";
  title: string;
  greeting: string;
  avatarUrl: string | null;
}

export interface WidgetConfig {
  theme: WidgetTheme;
  whiteLabel: boolean;
  hasPublishedFlow: boolean;
}

export interface OpenedConversation {
  conversationId: string;
  status: ConversationStatus;
  messages: ChatMessage[];
  lastSeq: number;
  isNew: boolean;
}

/** A failed call: `isRetryable` for network loss, server errors and rate limits; the rest are final. */
export class ChatError extends Error {
  // Assigned, not class fields: for the es2019 bundle, fields would pull in esbuild's defineProperty helpers.
  declare readonly code: string;
  declare readonly isRetryable: boolean;
  declare readonly retryAfterMs: number | null;
  constructor(code: string, message: string, isRetryable: boolean, retryAfterMs: number | null = null) {
    super(message);
    Object.assign(this, { code, isRetryable, retryAfterMs });
  }
}

import type { Db, DbClients } from "@chatwright/db";
import type { FlowServices } from "@chatwright/flow";
import type { Embedder } from "@chatwright/knowledge";
import type { SentenceEncoder } from "@chatwright/nlp";
import type { AgentPresence, ConversationPublisher, Runtime } from "@chatwright/runtime";
import type { StripeBilling } from "@chatwright/billing/stripe";
import type { LoginThrottle } from "./auth/throttle";
import type { SecretBox } from "./secrets/secretBox";
import type { MailServices } from "./mail/mailServices";
import type { WidgetServices } from "./widget/widget";
import type { WebhookOptions } from "./webhooks/webhooks";

/** What the transport tells us about the caller's request. */
export interface RequestInfo {
  ip: string;
  userAgent: string | null;
  /** `Origin` header, when the browser sent one. */
  origin: string | null;
  /** `scheme://host` the request was addressed to, for the same-origin check. */
  selfOrigin: string | null;
  /** `Sec-Fetch-Site`, when the browser sent one. */
  fetchSite: string | null;
  /**
   * A WebSocket opened for the widget (`/trpc?bot=KEY`), usually by a shop's
   * page: it may call widget procedures only, and its cookie is never read.
   */
  isWidgetConnection?: boolean;
  /** The bots whose hosted try page (/try/KEY) this browser opened: its cookies say so (see widget/tryPage.ts). */
  tryPageBotKeys?: readonly string[];
}

/** The session cookie, read and written through the transport (a recorder in tests). */
export interface SessionCookieJar {
  read(): string | null;
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

/** Something for the server's operator (see ApiServices.notifyOperator). */
export interface OperatorNotice {
  kind: "enterpriseRequest";
  /** One line, e.g. "Enterprise request from Fay's shop". */
  subject: string;
  /** Plain text: who asked, how to reach them, what they wrote. */
  text: string;
  workspaceId: string;
}

/** Long-lived collaborators, created once per server process. */
export interface ApiServices {
  db: Db;
  now: () => Date;
  throttle: { byEmail: LoginThrottle; byIp: LoginThrottle };
  /**
   * The dashboard's origins besides the address a request was sent to:
   * PUBLIC_URL's and TRUSTED_ORIGINS (e.g. the Vite dev server). Dashboard
   * procedures refuse browser requests from any other origin.
   */
  trustedOrigins: readonly string[];
  /** The pool Prisma uses, for domain code written in SQL (knowledge ingestion and retrieval). */
  pool: DbClients["pool"];
  /** Forgets a bot's cached AI answers; called after its knowledge, intents or flow change. */
  invalidateBotAnswers(botId: string): Promise<void>;
  /** The services a bot's flows call (classifier, knowledge, LLM, HTTP); used by the test chat. */
  servicesFor(scope: { workspaceId: string; botId: string }): FlowServices;
  /** Runs conversations (widget messages, agent releases). */
  runtime: Runtime;
  /** Fans a conversation's outbound events out to its subscribers. */
  publisher: ConversationPublisher;
  /** Which agents are online (inbox heartbeats); the runtime asks it on a handoff. */
  presence: AgentPresence;
  /** Widget origin policy and rate limits. */
  widget: WidgetServices;
  /**
   * EMBEDDINGS_MODEL's embedder (with an API key); unset or null: knowledge
   * is searched by text alone and nothing calls /embeddings.
   */
  embedder?: Embedder | null;
  /** SENTENCE_ENCODER's encoder: the intents' test box classifies as the runtime does. Unset or null: words alone. */
  sentenceEncoder?: SentenceEncoder | null;
  /**
   * Stripe (STRIPE_SECRET_KEY and the price ids). Unset or null: billing
   * procedures answer "billing is not configured"; everything else works.
   */
  billing?: StripeBilling | null;
  /**
   * Seals stored secrets (a workspace's own LLM key) with SECRETS_KEY. Unset
   * or null: storing a secret is refused with a message naming SECRETS_KEY.
   */
  secrets?: SecretBox | null;
  /**
   * Tells the people running this Chatwright server about something they must
   * act on (an owner asked for Enterprise). Unset: nothing is sent, and what
   * was asked for is still stored (EnterpriseRequest, notifiedAt null). The
   * server wires it to email once the mail module sends to an operator address.
   */
  notifyOperator?: ((notice: OperatorNotice) => Promise<void>) | null;
  /**
   * Email (SMTP_URL, or the log and dev mailbox): password resets, password
   * changes, invitations, sign-in lockouts. Unset or null: nothing is sent,
   * invitations are links to copy, and password reset is refused.
   */
  mail?: MailServices | null;
  /** Outgoing webhooks: whether endpoints may be private addresses (HTTP_NODE_ALLOW_PRIVATE). Unset: they may not. */
  webhooks?: WebhookOptions;
  /** Failures the request survives (embeddings provider down, an embedding's usage not recorded, a background intent retraining): the server logs them. */
  onBackgroundError?: (error: unknown, during: "embedChunks" | "embedQuery" | "recordUsage" | "trainIntents") => void;
}

export interface Context extends ApiServices {
  request: RequestInfo;
  cookies: SessionCookieJar;
}
